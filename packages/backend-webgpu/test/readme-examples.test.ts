// The examples of the README run on the real device.
import { describeReadme } from '@x/conformance';

describeReadme('backend-webgpu README', new URL('../README.md', import.meta.url), new URL('./.readme-blocks/', import.meta.url));
