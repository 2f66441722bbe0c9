// natural's root entry point takes ~1 s to load, reads a .env file into
// process.env and prints to stdout; storyline imports only these two
// subpaths, which have no such side effects.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/util/stopwords.js' {
  export const words: string[];
}
