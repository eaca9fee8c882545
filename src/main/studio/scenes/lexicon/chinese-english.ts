/**
 * A Chinese-English lexicon for the storybook domain: the objects, colours, actions and name
 * prefixes that picture prompts need, beside the role and place lexicons (roles.ts, places.ts)
 * and the light and weather words (places.ts). Written by hand for this project from common
 * dictionary senses, and under the project's licence (MIT). Each entry gives the English a
 * prompt uses: singular nouns, and actions as present participles ("walking") so that
 * "Afu walking" reads as a picture.
 */

/** Things a picture can show. */
export const chineseObjects: ReadonlyMap<string, string> = new Map([
  ['花', 'flowers'], ['鲜花', 'flowers'], ['黄花', 'yellow flowers'], ['树', 'tree'], ['大树', 'big tree'], ['草', 'grass'],
  ['叶子', 'leaves'], ['竹子', 'bamboo'], ['蘑菇', 'mushrooms'], ['石头', 'stone'], ['石', 'stone'], ['青苔', 'moss'],
  ['水', 'water'], ['船', 'boat'], ['大船', 'big boat'], ['小船', 'little boat'], ['瓮', 'large jar'], ['缸', 'water vat'],
  ['篮子', 'basket'], ['苹果', 'apple'], ['桃子', 'peach'], ['果子', 'fruit'], ['胡萝卜', 'carrot'], ['面包', 'bread'],
  ['蛋糕', 'cake'], ['蜂蜜', 'honey'], ['茶', 'tea'], ['热茶', 'hot tea'], ['杯', 'cup'], ['碗', 'bowl'], ['锅', 'pot'],
  ['饺子', 'dumplings'], ['月饼', 'mooncake'], ['鸡蛋', 'egg'], ['门', 'door'], ['窗', 'window'],
  ['窗户', 'window'], ['窗台', 'windowsill'], ['灯笼', 'lantern'], ['蜡烛', 'candle'], ['书', 'book'], ['信', 'letter'],
  ['钥匙', 'key'], ['剑', 'sword'], ['金箍棒', 'golden staff'], ['帽子', 'hat'], ['鞋', 'shoes'], ['伞', 'umbrella'],
  ['风筝', 'kite'], ['球', 'ball'], ['镜子', 'mirror'], ['宝石', 'jewel'], ['宝藏', 'treasure'], ['金子', 'gold'],
  ['衣服', 'clothes'], ['裙子', 'dress'], ['被子', 'quilt'], ['床', 'bed'], ['桌子', 'table'], ['椅子', 'chair'],
  ['笛子', 'flute'], ['鼓', 'drum'], ['斧头', 'axe'], ['绳子', 'rope'], ['网', 'net'], ['马车', 'carriage'],
  ['翅膀', 'wings'], ['歌', 'song'], ['雪人', 'snowman'], ['彩虹', 'rainbow'], ['太阳', 'sun'], ['云', 'clouds'],
  ['乌云', 'dark clouds'], ['小溪', 'brook'], ['玻璃', 'glass'], ['礼物', 'gift'], ['秤', 'scales'],
])

/** Colour words, alone or as the first part of a longer word (红色, 红). */
export const chineseColours: ReadonlyMap<string, string> = new Map([
  ['红色', 'red'], ['红', 'red'], ['橙色', 'orange'], ['黄色', 'yellow'], ['黄', 'yellow'], ['绿色', 'green'],
  ['绿', 'green'], ['蓝色', 'blue'], ['蓝', 'blue'], ['紫色', 'purple'], ['紫', 'purple'], ['白色', 'white'],
  ['白', 'white'], ['黑色', 'black'], ['黑', 'black'], ['灰色', 'grey'], ['灰', 'grey'], ['金色', 'golden'],
  ['金', 'golden'], ['银色', 'silver'], ['银', 'silver'], ['粉色', 'pink'], ['粉红色', 'pink'], ['棕色', 'brown'],
  ['褐色', 'brown'],
])

/** What a character does, as the participle a prompt uses. */
export const chineseActions: ReadonlyMap<string, string> = new Map([
  ['走', 'walking'], ['走进', 'walking into'], ['走过', 'walking past'], ['跑', 'running'], ['跑回', 'running back to'],
  ['逃', 'fleeing'], ['逃进', 'fleeing into'], ['跳', 'jumping'], ['飞', 'flying'], ['游', 'swimming'], ['游泳', 'swimming'],
  ['唱', 'singing'], ['唱歌', 'singing'], ['跳舞', 'dancing'], ['哭', 'crying'], ['笑', 'laughing'], ['睡觉', 'sleeping'],
  ['睡', 'sleeping'], ['吃', 'eating'], ['喝', 'drinking'], ['喝水', 'drinking water'], ['看', 'looking at'],
  ['看见', 'seeing'], ['看着', 'looking at'], ['遇见', 'meeting'], ['遇到', 'meeting'], ['找', 'looking for'],
  ['寻找', 'searching for'], ['帮', 'helping'], ['帮助', 'helping'], ['救', 'rescuing'], ['抱', 'hugging'],
  ['拿', 'holding'], ['拿着', 'holding'], ['持', 'holding'], ['举', 'lifting'], ['推', 'pushing'], ['拉', 'pulling'],
  ['打开', 'opening'], ['爬', 'climbing'], ['登', 'climbing onto'], ['坐', 'sitting'], ['站', 'standing'],
  ['玩', 'playing'], ['玩耍', 'playing'], ['戏', 'playing'], ['读', 'reading'], ['写', 'writing'], ['画', 'drawing'],
  ['种', 'planting'], ['采', 'picking'], ['摘', 'picking'], ['送', 'giving'], ['给', 'giving'], ['追', 'chasing'],
  ['躲', 'hiding'], ['等', 'waiting for'], ['听', 'listening to'], ['说', 'talking'], ['问', 'asking'], ['喊', 'shouting'],
  ['击', 'striking'], ['打', 'hitting'], ['砸', 'smashing'], ['称', 'weighing'], ['划', 'rowing'], ['钓鱼', 'fishing'],
  ['做饭', 'cooking'], ['洗', 'washing'], ['扫', 'sweeping'], ['骑', 'riding'], ['回家', 'going home'],
  ['回到', 'returning to'], ['讲', 'telling a story to'], ['落', 'landing'], ['哼', 'humming'], ['吼', 'roaring'], ['吹', 'blowing'], ['守', 'guarding'],
  ['住', 'living'], ['等待', 'waiting'], ['置', 'placing'], ['刻', 'carving'], ['载', 'loading'], ['跌', 'falling'],
])

/** First characters of a name that describe ("小狐狸" a little fox, "老狼" an old wolf). */
export const chineseModifiers: ReadonlyMap<string, string> = new Map([
  ['小', 'little'], ['老', 'old'], ['大', 'big'], ['巨', 'huge'], ['胖', 'chubby'], ['长', 'long'], ...[...chineseColours].filter(([word]) => word.length === 1),
])
