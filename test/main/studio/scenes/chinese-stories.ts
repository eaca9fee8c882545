/**
 * Chinese stories for scene tests: one written for the tests, and two public-domain tales as
 * short excerpts (classical Chinese, quoted from the standard texts).
 */

/** Written for the tests. */
export const foxStory = `从前，森林的边上住着一只小狐狸，名叫阿福。阿福每天早上都去河边喝水。

有一天，阿福在河边遇见了一只小白兔。“你好！”小白兔说，“你要去哪儿？”阿福说：“我要去森林里找红色的蘑菇。”

它们一起走进森林。森林里有一座高塔，塔里住着一条龙。龙正在哭，眼泪像小溪一样流下来。

阿福问龙为什么难过。龙说它的声音丢了。小白兔想了想，唱起了一首歌。龙听了，也慢慢地唱起来。

晚上，阿福回到家。妈妈拿着一杯热茶，在门口等他。阿福把整个故事讲给妈妈听。`

/**
 * Sima Guang breaks the vat: History of Song (宋史), biography of Sima Guang (司马光传), 1345;
 * public domain.
 */
export const simaGuangStory = `光生七岁，凛然如成人。闻讲《左氏春秋》，爱之，退为家人讲，即了其大指。自是手不释书，不知饥渴寒暑。

群儿戏于庭，一儿登瓮，足跌没水中，众皆弃去。司马光持石击瓮破之，水迸，儿得活。`

/**
 * Cao Chong weighs the elephant: Records of the Three Kingdoms (三国志), Book of Wei, biography
 * of Cao Chong (邓哀王冲传), 3rd century; public domain.
 */
export const caoChongStory = `邓哀王曹冲字仓舒。少聪察岐嶷，生五六岁，智意所及，有若成人之智。

时孙权曾致巨象，太祖欲知其斤重，访之群下，咸莫能出其理。曹冲曰：“置象大船之上，而刻其水痕所至，称物以载之，则校可知矣。”太祖大悦，即施行焉。`
