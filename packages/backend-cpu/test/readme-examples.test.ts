// The examples of the @x/tensor and @x/backend-cpu READMEs run.
import { describeReadme } from '@x/conformance';

const scratch = new URL('./.readme-blocks/', import.meta.url);
describeReadme('tensor README', new URL('../../tensor/README.md', import.meta.url), scratch);
describeReadme('backend-cpu README', new URL('../README.md', import.meta.url), scratch);
