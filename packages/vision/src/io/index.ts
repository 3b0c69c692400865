// io: torchvision.io's image reading and writing (the other files of this folder are the package's own file and zlib helpers).
export { ImageReadMode, readFile, decodePng, decodeImage, readImage, readImageSync } from './read-image';
export { encodePng, writePng, writeFile } from './write-png';
