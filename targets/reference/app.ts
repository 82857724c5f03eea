import { createReferenceHandler } from './handler';

/** The reference implementation with default options, for in-process runners (`require` it, drive it with supertest). */
export default createReferenceHandler();
