/**
 * Verbs (dictionary form) that a picture can show. A sentence full of them is a good scene; a
 * sentence of thinking and saying is not.
 */
export const visualVerbs: ReadonlySet<string> = new Set([
  'run', 'walk', 'climb', 'jump', 'leap', 'fly', 'swim', 'dance', 'fight', 'eat', 'drink', 'sleep',
  'sit', 'stand', 'ride', 'carry', 'throw', 'catch', 'chase', 'hide', 'fall', 'dig', 'build',
  'open', 'hold', 'hug', 'embrace', 'kiss', 'cry', 'weep', 'laugh', 'sing', 'play', 'pick',
  'push', 'pull', 'cut', 'spin', 'sew', 'cook', 'bake', 'knock', 'gaze', 'sail', 'row', 'escape',
  'meet', 'give', 'bring', 'find', 'lie', 'kneel', 'bow', 'wave', 'shout', 'read', 'write',
  'paint', 'plant', 'feed', 'wash', 'sweep', 'light', 'burn', 'break', 'bite', 'grab', 'seize',
  'lift', 'drop', 'enter', 'cross', 'follow', 'lead', 'arrive', 'flee', 'knit', 'travel', 'wander',
  'rest', 'creep', 'crawl', 'hop', 'gallop', 'roar', 'howl', 'bark', 'peep', 'peek', 'reach',
  'shake', 'touch', 'stroke', 'comb', 'bathe', 'swing', 'slide', 'hunt', 'shoot', 'wear', 'marry',
  'feast', 'celebrate', 'rescue', 'save', 'spring', 'dive', 'float', 'sink', 'drown', 'stir',
  'pour', 'fill', 'tie', 'wrap', 'pluck', 'gather', 'race', 'hurry', 'rush', 'dash',
  'stumble', 'tumble', 'roll', 'crash', 'explode', 'glow', 'shine', 'sparkle', 'blow', 'fetch',
  'lower', 'raise', 'let', 'spread', 'shelter', 'chop', 'fish', 'steal', 'guard', 'attack',
  'battle', 'strike', 'slay', 'kill', 'wake', 'awake', 'sneak', 'hang', 'scrub', 'mend',
  'drag', 'tear', 'crown', 'present', 'offer', 'share', 'swallow', 'devour', 'return', 'approach',
  'look', 'watch', 'stare', 'peer', 'point', 'smile', 'frown', 'scream', 'tremble', 'shiver',
])

/** Verbs of saying, thinking and being: a sentence built on them is talk, not a picture. */
export const abstractVerbs: ReadonlySet<string> = new Set([
  'say', 'tell', 'ask', 'answer', 'reply', 'think', 'know', 'believe', 'seem', 'be', 'have', 'do',
  'become', 'hear', 'feel', 'want', 'wish', 'hope', 'remember', 'forget', 'understand', 'mean',
  'promise', 'suppose', 'wonder', 'consider', 'learn', 'decide', 'need', 'like', 'love', 'hate',
  'fear', 'please', 'agree', 'reckon', 'guess', 'shall', 'will', 'would', 'can', 'could', 'may',
  'might', 'must', 'should', 'get', 'go', 'come', 'make', 'call', 'name', 'live', 'dwell',
])

/** Pronouns and the gender they point to; `plural` points to the last group of characters. */
export const pronouns: ReadonlyMap<string, 'male' | 'female' | 'plural'> = new Map([
  ['he', 'male'], ['him', 'male'], ['his', 'male'], ['himself', 'male'],
  ['she', 'female'], ['her', 'female'], ['hers', 'female'], ['herself', 'female'],
  ['they', 'plural'], ['them', 'plural'], ['their', 'plural'], ['themselves', 'plural'],
  ['他', 'male'], ['她', 'female'], ['他们', 'plural'], ['她们', 'plural'],
])

/** Words that begin a noun phrase: "the", "a", possessives. */
export const determiners: ReadonlySet<string> = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'those', 'his', 'her', 'their', 'its', 'my', 'our',
  'your', 'some', 'one',
])
