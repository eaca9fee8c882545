import { pinyin } from 'pinyin-pro'
import { capitalize } from '../characters/candidates'
import { withArticle } from '../characters/describe'
import { chineseRoleOf, type ChineseRole } from '../characters/detect-chinese'
import { chineseActions, chineseColours, chineseObjects } from '../lexicon/chinese-english'
import { chinesePlaces } from '../lexicon/places'
import { tagChinese, type TaggedWord } from '../text/chinese-words'

/** Two-character surnames, written as one word in pinyin ("Sima Guang"). */
const COMPOUND_SURNAMES = new Set(['司马', '欧阳', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '夏侯', '长孙', '宇文', '司徒'])
/** Common one-character surnames: a two-character name starting with one is "Surname Given". */
const SURNAMES = new Set([...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤岳包花'])
/** Participles of the speech verbs. */
const SPEECH = new Set(['talking', 'asking', 'shouting'])
/** What a description says when it names no role. */
const PEOPLE = new Map([['孩子', 'child'], ['人', 'person']])

/**
 * A Chinese name in pinyin, as English text writes it: "Sima Guang", "Cao Chong", "Afu",
 * "Xiaohong". Image models read it as a name, and the person can read it back.
 */
export function romanizeName(name: string): string {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head' }).map((syllable) => syllable.replace(/ü/g, 'u').replace(/v$/, 'u'))
  const surnameLength = COMPOUND_SURNAMES.has(name.slice(0, 2)) ? 2 : name.length >= 2 && SURNAMES.has(name[0]) && !/^[小阿老]/u.test(name) ? 1 : 0
  const word = (parts: string[]) => (parts.length === 0 ? '' : capitalize(parts.join('')))
  return [word(syllables.slice(0, surnameLength)), word(syllables.slice(surnameLength))].filter(Boolean).join(' ')
}

/** "little white rabbit" for 小白兔: the prefixes' English, then the role's noun. */
export function englishOfRole(role: ChineseRole): string {
  return [...role.modifiers.filter((modifier) => !role.role.noun.split(' ').includes(modifier)), role.role.noun].join(' ')
}

/**
 * A character of a Chinese bible as a prompt names and describes it: a role in English
 * ("little fox"), a name in pinyin ("Afu"); the Chinese description through the lexicon
 * ("一只小狐狸" -> "a little fox"). Characters written in other scripts pass unchanged.
 */
export function promptCharacter(character: { name: string; description: string }): { name: string; description: string } {
  if (!/\p{Script=Han}/u.test(character.name + character.description)) return character
  const role = chineseRoleOf(character.name)
  const name = role ? englishOfRole(role) : romanizeName(character.name)
  return { name, description: englishDescription(character.description) }
}

/** A Chinese description in English, as far as the lexicon reads it ("一只小狐狸" -> "a little fox"). */
export function englishDescription(description: string): string {
  const whole = chineseRoleOf(description)
  if (whole) return [withArticle(englishOfRole(whole)), whole.role.look].filter(Boolean).join(' ')
  const words: string[] = []
  for (const word of tagChinese(description)) {
    const role = chineseRoleOf(word.text)
    const english = role ? englishOfRole(role) : (PEOPLE.get(word.text.replace(/^一[个位]/u, '')) ?? englishWord(word.text))
    if (english) words.push(english)
  }
  if (words.length === 0) return ''
  return /^一/u.test(description) ? withArticle(words.join(' ')) : words.join(' ')
}

/** The English of one word: an object, a colour or a place of the lexicon. */
function englishWord(word: string): string | undefined {
  return chineseObjects.get(word) ?? chineseColours.get(word) ?? chinesePlaces.get(word)
}

/** Who is in a Chinese sentence, as a prompt names them. */
export interface PromptCast {
  /** The forms the sentence may use for them (name and aliases). */
  forms: readonly string[]
  /** How the prompt names them ("Afu"). */
  english: string
}

/**
 * What happens in a Chinese sentence, in English: the first character it names doing the
 * first action of the lexicon, to the character or thing after it, with its colour ("Afu
 * meeting little white rabbit", "mother holding hot tea"). Empty when it names no action.
 */
export function chineseActionPhrase(sentence: string, cast: readonly PromptCast[]): string {
  const words = tagChinese(sentence)
  // Speaking is the least picturable action: what the speaker says they do comes first.
  const speaking = (word: TaggedWord) => SPEECH.has(actionOf(word) ?? '')
  const found = words.findIndex((word) => actionOf(word) !== undefined && !speaking(word))
  const actionIndex = found >= 0 ? found : words.findIndex((word) => actionOf(word) !== undefined)
  const subjectAt = (from: number, to: number) => firstCastIn(sentence, cast, from, to)
  // A sentence may name its subject only by a pronoun ("他拿着..."): the first one present then.
  const subject = subjectAt(0, actionIndex >= 0 ? words[actionIndex].start : sentence.length) ?? subjectAt(0, sentence.length) ?? cast[0]
  if (actionIndex < 0) return ''
  const action = actionOf(words[actionIndex])!
  // The target comes after the action word, or after its first character where jieba glued
  // the target to it ("问龙").
  const after = chineseActions.has(words[actionIndex].text) ? words[actionIndex].end : words[actionIndex].start + 1
  const target = firstCastIn(sentence, cast, after, sentence.length, subject)?.english ?? objectAfter(words, actionIndex + 1)
  // "fleeing into" needs what it flees into: without one, the bare verb.
  return [subject?.english, target ? action : action.replace(/ (?:into|onto|to|for|at|past)$/u, ''), target].filter(Boolean).join(' ')
}

/** The lexicon's participle for an action word, also when jieba kept its particle ("唱起") or object ("问龙"). */
function actionOf(word: TaggedWord): string | undefined {
  const exact = chineseActions.get(word.text)
  if (exact || !(word.tag.startsWith('v') || word.tag === 'x')) return exact
  return chineseActions.get(word.text.replace(/[着了过起来去]+$/u, '')) ?? chineseActions.get(word.text[0])
}

function firstCastIn(sentence: string, cast: readonly PromptCast[], from: number, to: number, except?: PromptCast): PromptCast | undefined {
  let best: { member: PromptCast; at: number } | undefined
  for (const member of cast) {
    if (member === except) continue
    for (const form of member.forms) {
      const at = sentence.indexOf(form, from)
      if (at >= 0 && at < to && (!best || at < best.at)) best = { member, at }
    }
  }
  return best?.member
}

/** The first thing of the lexicon after the action, with a colour word just before it. */
function objectAfter(words: readonly TaggedWord[], from: number): string | undefined {
  for (let index = from; index < words.length && !/[。！？，]/u.test(words[index].text); index++) {
    const thing = chineseObjects.get(words[index].text)
    if (!thing) continue
    const colour = index > 0 ? chineseColours.get(words[index - 1].text) ?? chineseColours.get(words[index - 2]?.text ?? '') : undefined
    return colour && !thing.startsWith(colour) ? `${colour} ${thing}` : thing
  }
  return undefined
}
