/** Nouns that name where a scene happens; a picture needs one, so the story's own words are kept. */
export const englishPlaces: ReadonlySet<string> = new Set([
  'forest', 'wood', 'woods', 'jungle', 'glade', 'clearing', 'thicket', 'castle', 'palace', 'tower',
  'dungeon', 'courtyard', 'throne-room', 'hall', 'garden', 'orchard', 'meadow', 'field', 'fields',
  'farm', 'farmyard', 'barn', 'stable', 'mill', 'village', 'town', 'city', 'market', 'street',
  'house', 'cottage', 'hut', 'cabin', 'kitchen', 'cellar', 'attic', 'bedroom', 'chamber',
  'room', 'parlour', 'parlor', 'church', 'chapel', 'inn', 'tavern', 'shop', 'workshop', 'school',
  'library', 'prison', 'river', 'riverbank', 'stream', 'brook', 'lake', 'pond', 'well',
  'fountain', 'sea', 'ocean', 'shore', 'beach', 'island', 'harbour', 'harbor', 'ship', 'boat',
  'bridge', 'road', 'path', 'lane', 'hill', 'hills', 'mountain', 'mountains', 'valley', 'cave',
  'cavern', 'cliff', 'desert', 'swamp', 'marsh', 'moor', 'heath', 'burrow', 'den', 'nest',
  'sky', 'clouds', 'kingdom', 'country', 'countryside', 'camp', 'tent', 'graveyard', 'ruins',
])

/** Prepositions that place a scene, and the preposition the prompt uses for them. */
export const placePrepositions: ReadonlyMap<string, string> = new Map([
  ['in', 'in'], ['into', 'in'], ['inside', 'in'], ['within', 'in'], ['through', 'in'],
  ['across', 'in'], ['among', 'in'], ['amid', 'in'], ['on', 'on'], ['onto', 'on'], ['upon', 'on'],
  ['at', 'at'], ['to', 'in'], ['towards', 'in'], ['toward', 'in'], ['near', 'by'], ['beside', 'by'],
  ['by', 'by'], ['under', 'under'], ['beneath', 'under'], ['below', 'under'], ['over', 'above'],
  ['above', 'above'], ['behind', 'behind'], ['outside', 'outside'],
])

/** Chinese place words and the English phrase prompts use. */
export const chinesePlaces: ReadonlyMap<string, string> = new Map([
  ['森林', 'forest'], ['树林', 'woods'], ['城堡', 'castle'], ['宫殿', 'palace'], ['王宫', 'palace'],
  ['高塔', 'tower'], ['花园', 'garden'], ['果园', 'orchard'], ['草地', 'meadow'], ['田野', 'fields'],
  ['农场', 'farm'], ['村庄', 'village'], ['村子', 'village'], ['小镇', 'town'], ['城市', 'city'],
  ['市场', 'market'], ['街道', 'street'], ['房子', 'house'], ['小屋', 'cottage'], ['厨房', 'kitchen'],
  ['房间', 'room'], ['学校', 'school'], ['河边', 'riverbank'], ['小河', 'stream'], ['大河', 'river'],
  ['湖边', 'lakeside'], ['湖', 'lake'], ['池塘', 'pond'], ['水井', 'well'], ['大海', 'sea'],
  ['海边', 'seashore'], ['海滩', 'beach'], ['小岛', 'island'], ['船上', 'ship'], ['桥', 'bridge'],
  ['小路', 'path'], ['山上', 'mountain'], ['高山', 'mountain'], ['山谷', 'valley'], ['山洞', 'cave'],
  ['沙漠', 'desert'], ['天空', 'sky'], ['云上', 'clouds'], ['门口', 'doorway'], ['院子', 'courtyard'],
  // Single characters last: at the same offset the longer word above wins ("河边" over "河").
  ['庭', 'courtyard'], ['河', 'river'], ['塔', 'tower'], ['船', 'boat'],
])

/** Words that set a picture's light or weather; one of them is worth a few prompt tokens. */
export const atmosphereWords: ReadonlyMap<string, string> = new Map([
  ['night', 'at night'], ['midnight', 'at night'], ['moon', 'moonlight'], ['moonlight', 'moonlight'],
  ['stars', 'starry sky'], ['dawn', 'at dawn'], ['sunrise', 'at sunrise'], ['sunset', 'at sunset'],
  ['evening', 'in the evening'], ['dusk', 'at dusk'], ['snow', 'snowy'], ['snowing', 'snowy'],
  ['winter', 'winter'], ['rain', 'rainy'], ['raining', 'rainy'], ['storm', 'stormy'],
  ['thunder', 'stormy'], ['fog', 'foggy'], ['mist', 'misty'], ['autumn', 'autumn leaves'],
  ['spring', 'spring blossoms'], ['summer', 'summer day'], ['fire', 'firelight'], ['candle', 'candlelight'],
  ['夜', 'at night'], ['月亮', 'moonlight'], ['星星', 'starry sky'], ['雪', 'snowy'], ['雨', 'rainy'],
  ['冬天', 'winter'], ['春天', 'spring blossoms'], ['秋天', 'autumn leaves'], ['夏天', 'summer day'],
])
