// The classes this package exports keep their public names once built (no bundler's `_Name`).
import { describeDistClassNames } from '@x/conformance';

describeDistClassNames('@x/data', new URL('../', import.meta.url));
