// The examples of this package's README run.
import { describeReadme } from '@x/conformance';

describeReadme('data README', new URL('../README.md', import.meta.url), new URL('./.readme-blocks/', import.meta.url));
