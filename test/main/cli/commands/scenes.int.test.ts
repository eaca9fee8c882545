import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { gretelStory } from '../../studio/scenes/stories'
import { runTaleweaver } from '../run-taleweaver'

const folder = mkdtempSync(join(tmpdir(), 'taleweaver-scenes-cli-'))
const bin = join(import.meta.dirname, '../../../../bin/taleweaver.js')
/** The shared runner has no standard input; "--story -" needs one. */
const withInput = (args: string[], input: string) => {
  const run = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input, timeout: 120_000 })
  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('taleweaver scenes', () => {
  it('prints the scenes with spans, titles, prompts and characters as JSON', async () => {
    const story = join(folder, 'gretel.txt')
    writeFileSync(story, gretelStory)
    const { code, stdout } = await runTaleweaver(['scenes', '--story', story, '--count', '3', '--style', 'crayon', '--json'])
    expect(code).toBe(0)
    const result = JSON.parse(stdout)
    expect(result.scenes).toHaveLength(3)
    expect(result.style).toBe('crayon')
    expect(result.characters.map((character: { name: string }) => character.name)).toEqual(['Gretel', 'Hansel', 'Witch'])
    for (const scene of result.scenes) {
      expect(gretelStory.slice(scene.span.start, scene.span.end).length).toBeGreaterThan(0)
      expect(scene.prompt).toContain('crayon drawing')
      expect(scene.title.length).toBeGreaterThan(0)
    }
  })

  it('reads a story as Chinese with --language zh, though most of its letters are English', () => {
    const story = 'Tom and Mary were good friends. 有一天，Tom和Mary在森林里遇见了一只小狐狸。小狐狸说：“Hello！”'
    const asChinese = JSON.parse(withInput(['scenes', '--story', '-', '--count', '1', '--language', 'zh', '--json'], story).stdout)
    expect(asChinese.characters.map((character: { name: string }) => character.name)).toContain('小狐狸')
    expect(asChinese.scenes[0].prompt).toContain('little fox')
    const refused = withInput(['scenes', '--story', '-', '--language', 'fr'], story)
    expect(refused.code).not.toBe(0)
  })

  it('reads standard input and prints a readable listing without --json', () => {
    const { code, stdout } = withInput(['scenes', '--story', '-', '--count', '2'], gretelStory)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^Characters:\n {2}Gretel: a little girl \(seed \d+\)/)
    expect(stdout).toMatch(/\n1\. .+ {2}\[\d+-\d+\]\n {3}".+"\n {3}characters: .+\n {3}prompt: .+\n {3}negative: /)
  })

  it('exits non-zero with one line for an empty story or a missing file', async () => {
    const empty = withInput(['scenes', '--story', '-'], '   \n')
    expect(empty.code).toBe(2)
    expect(empty.stderr.trim()).toBe('taleweaver: The story is empty: write or paste a story first.')
    const missing = await runTaleweaver(['scenes', '--story', join(folder, 'nope.txt')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/Could not read the story from .*nope\.txt: ENOENT/)
  })
})
