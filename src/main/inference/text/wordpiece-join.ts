/** Chinese, Japanese and full-width text: written without spaces between its characters. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff00-\uffef“”‘’…—]/u
/** ASCII punctuation that takes no space before it ("end.", "yes, no"). */
const CLOSING = /^[.,!?;:%)\]}'"]/
/** ASCII punctuation that takes no space after it ("(yes", "don't"). */
const OPENING = /[([{'"]$/

/**
 * Joins WordPiece tokens into text. BERT's own decoder puts a space between every two pieces
 * ("小 狐 狸"), which the text never had: Chinese is written without spaces. Here a space goes
 * only between two pieces of spaced text (English words), never next to a Chinese character or
 * full-width punctuation, never before closing or after opening ASCII punctuation, and `##`
 * pieces continue the word before them. Each join looks only at the text so far and the next
 * piece, so joining a prefix of the pieces gives a prefix of the text (streaming relies on it).
 */
export function joinWordPieces(pieces: readonly string[]): string {
  let text = ''
  for (const piece of pieces) {
    if (piece === '') continue
    if (piece.startsWith('##')) {
      text += piece.slice(2)
      continue
    }
    const spaced = text !== '' && !UNSPACED.test(text.slice(-1)) && !UNSPACED.test(piece[0]) && !CLOSING.test(piece) && !OPENING.test(text)
    text += spaced ? ` ${piece}` : piece
  }
  return text
}
