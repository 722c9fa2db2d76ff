// The odd-numbered half of the TSDoc @example blocks (tsdoc-examples.test.ts runs the even half and
// checks that the two files cover every example).
import { runTsdocExamples } from '../helpers/tsdoc-examples.js';

runTsdocExamples(1);
