/** The Cairn version, recorded in every revision row it writes. Keep in step with package.json. */
export const CAIRN_VERSION = '0.1.0';
