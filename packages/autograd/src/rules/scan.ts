// Gradient rules of scans (cumsum, cumprod).
import { defineRules } from './registry';

defineRules({});
