// The `minhash` package (reference and baseline only) ships no types.
declare module 'minhash' {
  const pkg: unknown;
  export default pkg;
}
