/** Hand-written stories for the scene tests: each one exercises something the corpus does not. */

export const gretelStory = `There was once a little girl called Gretel who lived with her brother Hansel at the edge of a great forest. Their father was a poor woodcutter.

One day Hansel and Gretel walked deep into the dark forest to gather berries. They lost their way among the tall trees.

At last they found a little house made of gingerbread. An old witch opened the door and smiled at them. She seized Hansel and locked him in a cage.

Gretel waited until the witch bent over the oven. Then she pushed the witch into the oven and slammed the iron door. She ran to the cage and set Hansel free, and the two children ran home through the forest at night.`

export const toadStory = `Mr. Toad lived in a grand house beside the river. Every morning Mr. Toad polished his yellow motor car until it shone.

One sunny day Ratty rowed his little boat down the river to visit him. "Come for a drive!" cried Toad, and the two friends raced along the dusty road.

The car crashed into a hedge near the village. Ratty pulled Toad out of the ditch, and they walked home together in the rain.`

export const chineseStory = `从前，有一个小女孩叫小红。小红住在森林旁边的小屋里。

有一天，小红去森林里采花。她在树下遇到了一只大灰狼。大灰狼问她要去哪里。

小红跑回了小屋。她的奶奶打开门，狼逃进了森林。小红和奶奶一起在花园里吃晚饭。`

export const frenchStory = `Il était une fois une petite fille nommée Élodie qui vivait près d'une forêt enchantée. Chaque matin, Élodie cueillait des fraises au bord de la rivière.

Un jour, Élodie rencontra un renard très poli. Le renard lui montra un château caché derrière les arbres.

Élodie et le renard entrèrent dans le château et découvrirent une bibliothèque remplie de livres dorés. Ils lurent jusqu'à la tombée de la nuit.`

/** A run-on story without a single full stop or line break. */
export const unpunctuatedStory = Array.from({ length: 60 }, (_, index) =>
  index % 3 === 0 ? 'the little fox ran through the meadow and jumped over the stream' : index % 3 === 1 ? 'then the fox climbed the old oak tree and looked at the clouds' : 'and the wind blew across the hills while the sun went down',
).join(' and ')
