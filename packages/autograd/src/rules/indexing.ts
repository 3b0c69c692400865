// Gradient rules of gathering, scattering, indexing and sorting.
import { defineRules } from './registry';

defineRules({});
