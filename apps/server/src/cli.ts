import { SHARED } from '@eventide/shared';
console.log('cli', SHARED, process.argv.slice(2));
