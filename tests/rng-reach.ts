// The RELAX NG vocabulary analysis lives in the toolkit (its findings use it); the tests reuse it.
export { vocabulary, type Vocabulary } from '../src/validate/rng-vocabulary.js';
