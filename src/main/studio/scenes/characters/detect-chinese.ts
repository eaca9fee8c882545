import { chineseModifiers, chineseObjects } from '../lexicon/chinese-english'
import { chinesePlaces } from '../lexicon/places'
import { chineseRoles, type Role } from '../lexicon/roles'
import { isHanWord, tagChinese, type TaggedWord } from '../text/chinese-words'
import type { CharacterCandidate } from './candidates'

/** Second characters that make 小X / 阿X an ordinary word ("小心" careful, "小时" hour), not a name. */
const NOT_NAME_SECOND = new Set([...'心时声路屋河鸟狗猫鱼马羊猪兔鸭孩姑伙朋小的说东西山村镇岛草花树手脚头眼嘴洞门桥船球刀虫溪巷姐弟妹哥是了在不也就都又和个们子一些点儿样'])
/** Words that introduce a name: "一只小狐狸，名叫阿福". */
const NAMING_CUES = new Set(['叫', '名叫', '叫做', '名字叫', '唤作', '名曰', '名为', '字'])
/** A leading numeral and measure word: "一只小狐狸", "一条龙", "两个". */
const COUNTED = /^[一二两三四五六七八九十几这那每][只个条位头匹座群]/u
/** Last characters of place names, which jieba may tag as person names (花果山, 高塔). */
const PLACE_ENDING = /[山河湖江海城村国岛洞宫寺庙州县镇峰林塔园溪桥]$/u
/** First characters of words that are never names: "大悦" greatly pleased, "问龙" asked the dragon. */
const NOT_NAME_FIRST = /^[大很最问说叫在是把被给和跟向对从到的地得着过也都就又才这那我你他她它]/u

/** Family words, which take no measure word ("妈妈", not "一个妈妈"). */
const KINSHIP = /(?:妈|爸|奶|爷|婆|公|母|亲)$/u

/** A role word with what its first characters say ("小白兔": little, white; rabbit). */
export interface ChineseRole {
  role: Role
  /** English words for the prefixes before the role word, in order. */
  modifiers: string[]
  /** The word without a leading numeral and measure word ("小狐狸" from "一只小狐狸"). */
  name: string
}

/**
 * The role a word names, if it is a role word from the lexicon, possibly after a numeral and
 * measure word and descriptive prefixes: "狐狸", "小狐狸", "一只小白兔", "大灰狼".
 */
export function chineseRoleOf(word: string): ChineseRole | undefined {
  const name = word.replace(COUNTED, '')
  for (let split = 0; split < name.length; split++) {
    const role = chineseRoles.get(name.slice(split))
    if (!role) continue
    const prefixes = [...name.slice(0, split)]
    if (prefixes.every((character) => chineseModifiers.has(character))) {
      return { role, modifiers: prefixes.map((character) => chineseModifiers.get(character)!), name }
    }
  }
  return undefined
}

/**
 * Characters of a Chinese story, from jieba's segmentation and part-of-speech tags: role words
 * of the lexicon with their descriptive prefixes (小狐狸, 大灰狼, 一条龙), person names (jieba's
 * nr, new words it found that follow a naming cue or recur, and pet names 小X / 阿X). A name
 * introduced by a role ("一只小狐狸，名叫阿福") is that role: the role folds into the name as an
 * alias. Each candidate carries its description in Chinese ("一只小狐狸").
 */
export function detectChineseCharacters(story: string, minMentions: number): CharacterCandidate[] {
  const words = tagChinese(story)
  const roles = new Map<string, ChineseRole>()
  const names = new Set<string>()
  const identities = new Map<string, string>()
  words.forEach((_, index) => {
    const role = roleAt(words, index)
    if (role) {
      if (!roles.has(role.name)) roles.set(role.name, role)
      return
    }
    const name = nameAt(words, index)
    if (!name) return
    names.add(name.text)
    const identity = name.named ? roleBefore(words, index) : undefined
    if (identity && !identities.has(name.text)) identities.set(name.text, identity.name)
  })

  // "狐狸" beside "小狐狸" is the same fox, under its longer name.
  const shorterForms = (name: string) => [...roles.keys()].filter((other) => other !== name && name.endsWith(other) && roles.get(other)!.role === roles.get(name)!.role)
  const shortened = new Set([...roles.keys()].flatMap(shorterForms))
  const folded = new Set(identities.values())
  const candidates: CharacterCandidate[] = []
  for (const [name, role] of roles) {
    if (folded.has(name) || shortened.has(name)) continue
    candidates.push(candidate(story, name, 'role', describeInChinese(role), shorterForms(name), role.role))
  }
  for (const name of names) {
    const identity = identities.get(name)
    const role = identity ? roles.get(identity) : undefined
    const description = role ? describeInChinese(role) : /^[小阿]/u.test(name) ? '一个孩子' : '一个人'
    candidates.push(candidate(story, name, 'named', description, identity ? [identity, ...shorterForms(identity)] : [], role?.role))
  }
  const required = (entry: CharacterCandidate) => (entry.kind === 'named' && !identities.has(entry.name) && !isNamedByJieba(words, entry.name) ? Math.max(2, minMentions) : minMentions)
  return candidates.filter((entry) => entry.mentions >= required(entry))
}

/** The role at word `index`, joined with single-character modifiers jieba split off (小 + 狐狸). */
function roleAt(words: readonly TaggedWord[], index: number): ChineseRole | undefined {
  const word = words[index]
  if (!isHanWord(word.text)) return undefined
  let text = word.text
  for (let before = index - 1; before >= 0 && words[before].end === words[before + 1].start && chineseModifiers.has(words[before].text); before--) {
    text = words[before].text + text
  }
  // A longer word that only ends in a role character is something else: 马上 is "at once".
  if (!chineseRoleOf(word.text)) return undefined
  return chineseRoleOf(text)
}

/** A person name at word `index`, and whether a naming cue ("名叫") introduced it. */
function nameAt(words: readonly TaggedWord[], index: number): { text: string; named: boolean } | undefined {
  const word = words[index]
  let text = word.text
  let named = index > 0 && NAMING_CUES.has(words[index - 1].text)
  // jieba's HMM may glue the cue to the name ("叫小红").
  const glued = /^(?:名叫|叫做|叫)(\p{Script=Han}{2,3})$/u.exec(text)
  if (glued && word.tag === 'x') {
    text = glued[1]
    named = true
  }
  if (!isHanWord(text) || text.length < 2 || text.length > 4) return undefined
  const stem = text.replace(/[里上中下边旁]$/u, '')
  if (chineseRoles.has(text) || chinesePlaces.has(stem) || chineseObjects.has(stem) || PLACE_ENDING.test(stem)) return undefined
  if (index > 0 && words[index - 1].text === '《') return undefined
  if (/^[小阿]\p{Script=Han}$/u.test(text)) return NOT_NAME_SECOND.has(text[1]) ? undefined : { text, named }
  if (NOT_NAME_FIRST.test(text)) return undefined
  if (word.tag === 'nr' || (word.tag === 'x' && text.length <= 3)) return { text, named }
  return undefined
}

/** Whether jieba's dictionary knows `name` as a person name (nr) somewhere in the story. */
function isNamedByJieba(words: readonly TaggedWord[], name: string): boolean {
  return words.some((word) => word.text === name && word.tag === 'nr')
}

/** The role just before a naming cue: "一只小狐狸，名叫" gives 小狐狸. */
function roleBefore(words: readonly TaggedWord[], index: number): ChineseRole | undefined {
  for (let before = index - 1; before >= Math.max(0, index - 4); before--) {
    const role = roleAt(words, before)
    if (role) return role
    if (/[。！？]/u.test(words[before].text)) return undefined
  }
  return undefined
}

/** "一只小狐狸", "一个小女孩", "一条龙", "妈妈": the role with the measure word its kind takes. */
function describeInChinese(role: ChineseRole): string {
  if (KINSHIP.test(role.name)) return role.name
  const measure = role.role.gender ? '个' : /[龙蛇鱼]$/u.test(role.name) ? '条' : '只'
  return `一${measure}${role.name}`
}

function candidate(story: string, name: string, kind: CharacterCandidate['kind'], description: string, aliases: string[], role?: Role): CharacterCandidate {
  // Longest form first, each occurrence counted once: "小狐狸" is not also a "狐狸".
  let rest = story
  let mentions = 0
  for (const form of [name, ...aliases].sort((a, b) => b.length - a.length)) {
    mentions += rest.split(form).length - 1
    rest = rest.split(form).join('\u0000')
  }
  const firsts = [name, ...aliases].map((form) => story.indexOf(form)).filter((at) => at >= 0)
  return { name, aliases, kind, role, gender: role?.gender, adjectives: [], mentions, firstMention: Math.min(...firsts), description }
}
