/**
 * English stop words: words that say nothing of a story's topic. The
 * first list is the one the engine was tuned with (the `natural` package's
 * English list, 8.x: its single letters, digits, `$` and `_` never become
 * terms anyway); the second adds contractions' pieces and words that carry
 * no topic in news prose. Reporting verbs other than "said" stay: IDF
 * discounts them on a real corpus, and a 5-file sample should not be tuned
 * by hand.
 */
const GENERAL = [
  'about', 'above', 'after', 'again', 'all', 'also', 'am', 'an', 'and', 'another',
  'any', 'are', 'as', 'at', 'be', 'because', 'been', 'before', 'being', 'below',
  'between', 'both', 'but', 'by', 'came', 'can', 'cannot', 'come', 'could', 'did',
  'do', 'does', 'doing', 'during', 'each', 'few', 'for', 'from', 'further', 'get',
  'got', 'has', 'had', 'he', 'have', 'her', 'here', 'him', 'himself', 'his', 'how',
  'if', 'in', 'into', 'is', 'it', 'its', 'itself', 'like', 'make', 'many', 'me',
  'might', 'more', 'most', 'much', 'must', 'my', 'myself', 'never', 'now', 'of', 'on',
  'only', 'or', 'other', 'our', 'ours', 'ourselves', 'out', 'over', 'own',
  'said', 'same', 'see', 'she', 'should', 'since', 'so', 'some', 'still', 'such', 'take', 'than',
  'that', 'the', 'their', 'theirs', 'them', 'themselves', 'then', 'there', 'these', 'they',
  'this', 'those', 'through', 'to', 'too', 'under', 'until', 'up', 'very', 'was',
  'way', 'we', 'well', 'were', 'what', 'where', 'when', 'which', 'while', 'who',
  'whom', 'with', 'would', 'why', 'you', 'your', 'yours', 'yourself',
  'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n',
  'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '$', '1',
  '2', '3', '4', '5', '6', '7', '8', '9', '0', '_',
];

const NEWS = [
  's', 't', 'd', 'll', 're', 've', 'm', 'don', 'doesn', 'didn', 'isn', 'wasn', 'won', 'also', 'would', 'could',
  'should', 'may', 'might', 'must', 'shall', 'will', 'us', 'one', 'two', 'new', 'per', 'mr', 'mrs', 'ms',
];

export const STOP_WORDS: readonly string[] = [...new Set([...GENERAL, ...NEWS])];
