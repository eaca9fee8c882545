/**
 * Largest WebSocket message the studio server accepts. Far below what would stall the server's
 * thread parsing it: a storybook with its pictures inlined fits (pictures in the app travel as
 * app:// URLs), a flood does not.
 */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024
