// The classes this package and @x/tensor (whose tests live here) export keep their public names once
// built (no bundler's `_Name`).
import { describeDistClassNames } from '@x/conformance';

describeDistClassNames('@x/backend-cpu', new URL('../', import.meta.url));
describeDistClassNames('@x/tensor', new URL('../../tensor/', import.meta.url));
