import { chineseRoles, englishRoles } from '../lexicon/roles'
import { nameGender } from '../text/word-classes'
import type { Gender } from './presence'

/**
 * The gender a character's name itself tells: a role ("Witch", "King's son", "公主"), a title
 * ("Mr. Toad", "Queen Mab") or a first name the lexicon knows ("Mary"). Pronouns decide the rest.
 */
export function genderFromName(name: string): Gender {
  const lower = name.toLowerCase().replace(/[’]/g, "'")
  const lastWord = lower.split(/\s+/).pop() ?? lower
  const role = englishRoles.get(lower) ?? englishRoles.get(lastWord) ?? chineseRoles.get(name)
  if (role?.gender) return role.gender
  const first = lower.split(/\s+/)[0].replace(/\.$/, '')
  if (/^(?:mr|sir|lord|king|prince|master|uncle|father|brother|monsieur)$/.test(first)) return 'male'
  if (/^(?:mrs|miss|ms|lady|dame|queen|princess|madam|mme|mlle|madame|aunt|mother|sister)$/.test(first)) return 'female'
  return nameGender(first)
}
