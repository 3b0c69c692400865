// nn.functional (F): the functional forms of the layers and losses.
export { linear } from './linear';
