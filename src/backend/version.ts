/** The app's name and version, recorded in every workspace it creates. */
export const APP_NAME = 'Quayside';
export const APP_VERSION = '0.1.0';
