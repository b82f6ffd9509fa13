// `npm run check [-- FILE...]`: schema validation and policy lint of manifests
// (default: every file in dist/). One line per problem; exit 1 when any, 2 on bad input.
import { runMain } from '../scripts/cli';
import { checkCommand } from './command';

void runMain('check', () => checkCommand(process.argv.slice(2)));
