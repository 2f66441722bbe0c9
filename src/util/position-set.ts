/**
 * A set of positions in [0, size), growing only, that answers "the nearest
 * member below p" and "the nearest member above p" in O(log size): a
 * Fenwick tree of counts, searched by binary lifting. A sorted array with
 * an insertion per add costs O(members) each time, quadratic in a text
 * with hundreds of thousands of cuts.
 */
export class PositionSet {
  private readonly tree: Int32Array;
  /** Highest power of two ≤ size: where binary lifting starts. */
  private readonly top: number;
  private members = 0;

  constructor(private readonly size: number) {
    this.tree = new Int32Array(size + 1);
    let top = 1;
    while (top * 2 <= size) top *= 2;
    this.top = top;
  }

  /** Adds p (not already a member). */
  add(p: number): void {
    for (let i = p + 1; i <= this.size; i += i & -i) this.tree[i]++;
    this.members++;
  }

  /** The largest member < p, or -1. */
  below(p: number): number {
    const rank = this.countBelow(p);
    return rank === 0 ? -1 : this.at(rank - 1);
  }

  /** The smallest member > p, or -1. */
  above(p: number): number {
    const rank = this.countBelow(p + 1);
    return rank === this.members ? -1 : this.at(rank);
  }

  /** How many members are < p. */
  private countBelow(p: number): number {
    let count = 0;
    for (let i = Math.min(p, this.size); i > 0; i -= i & -i) count += this.tree[i];
    return count;
  }

  /** The member with `rank` members below it. */
  private at(rank: number): number {
    let position = 0;
    let left = rank;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = position + step;
      if (next <= this.size && this.tree[next] <= left) {
        position = next;
        left -= this.tree[next];
      }
    }
    return position; // tree index position + 1 holds it: the position itself
  }
}
