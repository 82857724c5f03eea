/**
 * The reference implementation as an --app module for the in-process figure (driven through supertest), with the
 * benchmark's token so every check, auth-required included, has cases.
 */
import { createReferenceHandler } from '../targets/reference/handler';

const token = process.env['BENCH_REFERENCE_TOKEN'] || undefined;

export default createReferenceHandler(token === undefined ? {} : { token });
