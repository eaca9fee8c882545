import { chineseRoles } from '../lexicon/roles'
import { Tally, type CharacterCandidate } from './candidates'

/** Second characters that make 小X / 阿X an ordinary word ("小心" careful, "小时" hour), not a name. */
const NOT_NAME_SECOND = new Set([...'心时声路屋河鸟狗猫鱼马羊猪兔鸭孩姑伙朋小的说东西山村镇岛草花树手脚头眼嘴洞门桥船球刀虫溪巷姐弟妹哥是了在不也就都又和个们子一些点儿样'])

/**
 * Characters of a Chinese story: role words from the lexicon ("女巫" witch, "狼" wolf), matched
 * longest first so "熊猫" is a panda and not a bear, and pet names of the form 小X / 阿X that
 * recur (小红, 阿福). Names are kept in Chinese; roles get their English noun for prompts.
 */
export function detectChineseCharacters(story: string, minMentions: number): CharacterCandidate[] {
  const roleTally = new Tally()
  const longest = Math.max(...[...chineseRoles.keys()].map((word) => word.length))
  for (let index = 0; index < story.length; ) {
    let matched = 0
    for (let length = longest; length >= 1 && matched === 0; length--) {
      const word = story.slice(index, index + length)
      if (chineseRoles.has(word)) {
        roleTally.add(word, index)
        matched = length
      }
    }
    index += matched || 1
  }

  const nameTally = new Tally()
  for (const match of story.matchAll(/[小阿][\p{Script=Han}]/gu)) {
    if (!NOT_NAME_SECOND.has(match[0][1]) && !chineseRoles.has(match[0]) && !isInsideRoleWord(story, match.index ?? 0)) {
      nameTally.add(match[0], match.index ?? 0)
    }
  }

  const candidates: CharacterCandidate[] = []
  for (const word of roleTally.ranked()) {
    if (roleTally.count(word) < minMentions) continue
    const role = chineseRoles.get(word)
    candidates.push({
      name: word,
      aliases: [],
      kind: 'role',
      role,
      gender: role?.gender,
      adjectives: [],
      mentions: roleTally.count(word),
      firstMention: roleTally.counts.get(word)?.first ?? 0,
    })
  }
  for (const name of nameTally.ranked()) {
    if (nameTally.count(name) < Math.max(2, minMentions)) continue
    candidates.push({
      name,
      aliases: [],
      kind: 'named',
      adjectives: [],
      mentions: nameTally.count(name),
      firstMention: nameTally.counts.get(name)?.first ?? 0,
    })
  }
  return candidates
}

/** Whether the 小X at `offset` is part of a longer role word ("小女孩", "小矮人"). */
function isInsideRoleWord(story: string, offset: number): boolean {
  const from = Math.max(0, offset - 3)
  const window = story.slice(from, offset + 5)
  for (const word of chineseRoles.keys()) {
    if (word.length < 3) continue
    for (let at = window.indexOf(word); at !== -1; at = window.indexOf(word, at + 1)) {
      if (from + at <= offset && from + at + word.length > offset) return true
    }
  }
  return false
}
