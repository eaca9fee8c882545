/**
 * One rule that reshapes the next-token scores before a token is picked. Processors run in a
 * fixed order (see `TokenChooser`) on the last logits row only, editing it in place:
 * `-Infinity` removes a token from the draw.
 */
export interface LogitsProcessor {
  /** Edits the next token's logits in place. */
  process(logits: Float32Array): void
  /** Records a newly generated token; processors that need the prompt take it when built. */
  accept?(token: number): void
}
