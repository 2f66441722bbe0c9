/**
 * Disjoint sets over 0..n-1 with path halving and union by size, on typed
 * arrays so a million elements cost 8 MB, not a million objects.
 */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  get length(): number {
    return this.parent.length;
  }

  find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  /** Joins the sets of a and b; returns false when they were already one set. */
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    if (this.size[ra] < this.size[rb]) [ra, rb] = [rb, ra];
    this.parent[rb] = ra;
    this.size[ra] += this.size[rb];
    return true;
  }

  /**
   * Labels 0..k-1 per element, numbered in order of each set's smallest
   * element, so the labelling depends only on the partition, not on the
   * order in which unions happened.
   */
  labels(): Int32Array {
    const n = this.parent.length;
    const labels = new Int32Array(n);
    const labelOfRoot = new Int32Array(n).fill(-1);
    let next = 0;
    for (let i = 0; i < n; i++) {
      const root = this.find(i);
      if (labelOfRoot[root] < 0) labelOfRoot[root] = next++;
      labels[i] = labelOfRoot[root];
    }
    return labels;
  }
}
