/** The linebreak package (UAX #14 line breaking), which ships no types. */
declare module 'linebreak' {
  export default class LineBreaker {
    constructor(text: string)
    /** The next break opportunity after the last one, or null at the end of the text. */
    nextBreak(): { position: number; required: boolean } | null
  }
}
