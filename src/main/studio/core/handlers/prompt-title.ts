/** Most prompt characters shown in a job's title. */
const TITLE_CHARS = 40

/**
 * A job title that quotes the start of its prompt on one line (`Illustrate “a fox in the
 * snow…”`), or `untitled` when the prompt is blank.
 */
export function promptTitle(verb: string, prompt: string, untitled: string): string {
  const start = prompt.trim().replace(/\s+/g, ' ')
  if (start.length === 0) return untitled
  return `${verb} “${start.length > TITLE_CHARS ? `${start.slice(0, TITLE_CHARS)}…` : start}”`
}
