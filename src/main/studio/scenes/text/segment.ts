/**
 * Splits a story into paragraphs and sentences with offsets into the original text.
 *
 * Intl.Segmenter does the sentence breaking (it knows CJK full stops, ellipses, closing quotes),
 * but its cost grows with the square of the string it is given, so it only ever sees short
 * chunks: paragraphs, and long paragraphs cut at a sentence end near a chunk boundary.
 */

export interface TextRange {
  /** Offset of the first character, inclusive. */
  start: number
  /** Offset past the last character, exclusive. */
  end: number
}

export interface Sentence extends TextRange {
  /** Index of the paragraph holding it. */
  paragraph: number
}

export interface Segmentation {
  paragraphs: TextRange[]
  sentences: Sentence[]
}

/** Segmenter input stays below this many characters (cost is quadratic in it). */
const CHUNK_CHARS = 2_000
/** A unit longer than this (no punctuation, a run-on list) is cut at lines, clauses, then words. */
export const MAX_SENTENCE_CHARS = 600

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' })

/**
 * Who said a Chinese quotation, right after it: "小白兔说，", "妈妈笑着问道。". A speaker with a
 * colon ("阿福说：") opens a new quotation instead.
 */
const CHINESE_SPEAKER = /^[^“”「」『』。！？，：]{1,8}?(?:说|问|道|喊|叫|答|曰)[道着]?[，。！]/u

/** Abbreviations whose full stop does not end a sentence ("Mr. Toad"). */
const ABBREVIATION = /(?:^|[\s“"‘'(])(?:Mr|Mrs|Ms|Dr|St|Mt|Jr|Sr|Prof|Capt|Col|Gen|Lt|Rev|Hon|Messrs|Mme|Mlle|M|vs|etc|No)\.$/

/** Paragraphs, and the sentences inside them, in order; whitespace is never part of either. */
export function segmentStory(story: string): Segmentation {
  const paragraphs = findParagraphs(story)
  const sentences: Sentence[] = []
  paragraphs.forEach((paragraph, index) => {
    for (const range of sentencesOf(story, paragraph)) {
      for (const piece of limitLength(story, range)) sentences.push({ ...piece, paragraph: index })
    }
  })
  return { paragraphs, sentences }
}

/** Blank lines separate paragraphs; each range is trimmed of surrounding whitespace. */
export function findParagraphs(story: string): TextRange[] {
  const ranges: TextRange[] = []
  const separator = /\n[^\S\n]*\n\s*/g
  let start = 0
  for (let match = separator.exec(story); ; match = separator.exec(story)) {
    const end = match ? match.index : story.length
    const trimmed = trim(story, { start, end })
    if (trimmed.end > trimmed.start) ranges.push(trimmed)
    if (!match) break
    start = match.index + match[0].length
  }
  return ranges
}

function sentencesOf(story: string, paragraph: TextRange): TextRange[] {
  const sentences: TextRange[] = []
  for (const chunk of chunksOf(story, paragraph)) {
    // Hard-wrapped lines are not sentence ends: give the segmenter spaces (same length, same offsets).
    const text = story.slice(chunk.start, chunk.end).replace(/[\r\n]/g, ' ')
    for (const { segment, index } of segmenter.segment(text)) {
      const range = trim(story, { start: chunk.start + index, end: chunk.start + index + segment.length })
      if (range.end <= range.start) continue
      const previous = sentences[sentences.length - 1]
      // ICU leaves a Chinese opening quote on the sentence before it ("…小白兔。“"): it opens this one.
      const opening = previous ? /[“「『（《]+$/u.exec(story.slice(previous.start, previous.end)) : null
      if (previous && opening && previous.end - opening[0].length > previous.start) {
        previous.end -= opening[0].length
        Object.assign(previous, trim(story, previous))
        range.start = previous.end
        Object.assign(range, trim(story, range))
      }
      if (previous && continuesSentence(story, previous, range)) previous.end = range.end
      else sentences.push(range)
    }
  }
  return sentences
}

/**
 * ICU breaks after "Mr.", after a closing quote followed by "said she", and after a Chinese
 * quotation followed by who said it ("“你好！”小白兔说，…"); each continues the sentence.
 */
function continuesSentence(story: string, previous: TextRange, next: TextRange): boolean {
  const tail = story.slice(Math.max(previous.start, previous.end - 12), previous.end)
  if (ABBREVIATION.test(tail)) return true
  if (/[。！？…][”」』]$/u.test(tail) && CHINESE_SPEAKER.test(story.slice(next.start, next.start + 12))) return true
  return /^\p{Ll}/u.test(story.slice(next.start, next.start + 1))
}

/** Cuts a long paragraph into chunks that end at a sentence end (else a space) near CHUNK_CHARS. */
function chunksOf(story: string, range: TextRange): TextRange[] {
  const chunks: TextRange[] = []
  let start = range.start
  while (range.end - start > CHUNK_CHARS) {
    const window = story.slice(start, start + CHUNK_CHARS)
    const cut = lastBreak(window, /[.!?。！？…]["'”’)\]」』]*\s+|[。！？]/g) ?? lastBreak(window, /\s+/g) ?? CHUNK_CHARS
    chunks.push({ start, end: start + cut })
    start += cut
  }
  chunks.push({ start, end: range.end })
  return chunks
}

/** Offset just past the last match of `pattern` in the second half of `text`, if any. */
function lastBreak(text: string, pattern: RegExp): number | undefined {
  let found: number | undefined
  for (const match of text.matchAll(pattern)) {
    const end = (match.index ?? 0) + match[0].length
    if (end >= text.length / 2 && end < text.length) found = end
  }
  return found
}

/**
 * A sentence longer than MAX_SENTENCE_CHARS is cut at line breaks, then after clause punctuation,
 * then at spaces (or anywhere, for unspaced scripts), so a story without full stops still has units.
 */
function limitLength(story: string, range: TextRange): TextRange[] {
  if (range.end - range.start <= MAX_SENTENCE_CHARS) return [range]
  for (const boundary of [/\n+\s*/g, /[,;:，；：、]\s*/g, /\s+/g]) {
    const pieces = cutAt(story, range, boundary)
    if (pieces) return pieces.flatMap((piece) => limitLength(story, piece))
  }
  const pieces: TextRange[] = []
  for (let start = range.start; start < range.end; start += MAX_SENTENCE_CHARS) {
    pieces.push({ start, end: Math.min(range.end, start + MAX_SENTENCE_CHARS) })
  }
  return pieces
}

/** Greedily packs the pieces between `boundary` matches into runs of at most MAX_SENTENCE_CHARS. */
function cutAt(story: string, range: TextRange, boundary: RegExp): TextRange[] | null {
  const text = story.slice(range.start, range.end)
  const cuts = [...text.matchAll(boundary)].map((match) => (match.index ?? 0) + match[0].length).filter((cut) => cut < text.length)
  if (cuts.length === 0) return null
  const pieces: TextRange[] = []
  let start = 0
  let lastCut = 0
  for (const cut of [...cuts, text.length]) {
    if (cut - start > MAX_SENTENCE_CHARS && lastCut > start) {
      pieces.push(trim(story, { start: range.start + start, end: range.start + lastCut }))
      start = lastCut
    }
    lastCut = cut
  }
  pieces.push(trim(story, { start: range.start + start, end: range.end }))
  const kept = pieces.filter((piece) => piece.end > piece.start)
  return kept.length > 1 ? kept : null
}

/** The range without leading and trailing whitespace. */
export function trim(text: string, range: TextRange): TextRange {
  let { start, end } = range
  while (start < end && /\s/.test(text[start])) start++
  while (end > start && /\s/.test(text[end - 1])) end--
  return { start, end }
}
