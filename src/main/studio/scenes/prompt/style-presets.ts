import type { StylePreset } from '../../../../shared/contract'

/** How one style is asked of the image model. */
export interface StyleWords {
  /** Always kept: the medium, right after the scene ("watercolor illustration"). */
  lead: string
  /** Kept while the budget allows, dropped from the end first. */
  details: string[]
  /** What the style must not look like, plus the faults every picture should avoid. */
  negative: string
  /** The medium in Chinese, for text encoders that read Chinese. */
  chinese: string
}

/** Faults no storybook picture wants; each style's negative prompt starts from its own opposites. */
const COMMON_NEGATIVE = 'text, watermark, signature, blurry, deformed, extra limbs, bad anatomy, ugly, scary, gore'

export const stylePresetWords: Record<StylePreset, StyleWords> = {
  watercolor: {
    lead: "watercolor children's book illustration",
    details: ['soft washes', 'gentle pastel colors', 'white paper texture', 'whimsical'],
    negative: `photo, photorealistic, 3d render, harsh shadows, neon colors, ${COMMON_NEGATIVE}`,
    chinese: '水彩儿童绘本插画，柔和的色彩',
  },
  ink: {
    lead: 'pen and ink storybook illustration',
    details: ['fine cross-hatching', 'black ink lines', 'vintage engraving style', 'detailed'],
    negative: `color, photo, photorealistic, 3d render, smudged, ${COMMON_NEGATIVE}`,
    chinese: '钢笔线描绘本插画，黑白',
  },
  crayon: {
    lead: "crayon drawing, children's book",
    details: ['wax crayon strokes', 'bright cheerful colors', 'textured paper', 'naive art'],
    negative: `photo, photorealistic, 3d render, smooth gradients, dark, ${COMMON_NEGATIVE}`,
    chinese: '蜡笔画，儿童绘本，明亮的色彩',
  },
  'paper-cut': {
    lead: 'layered paper cut illustration',
    details: ['cut-out paper shapes', 'soft drop shadows', 'flat colors', 'papercraft'],
    negative: `photo, photorealistic, painting, brush strokes, 3d render, ${COMMON_NEGATIVE}`,
    chinese: '剪纸插画，纸艺',
  },
  'storybook-oil': {
    lead: 'classic storybook oil painting',
    details: ['rich warm colors', 'visible brushstrokes', 'golden light', 'detailed'],
    negative: `photo, 3d render, cartoon, flat colors, oversaturated, ${COMMON_NEGATIVE}`,
    chinese: '经典绘本油画，温暖的色彩',
  },
}
