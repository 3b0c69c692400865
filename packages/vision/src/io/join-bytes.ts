// Byte arrays one after another (PNG chunks to a file, IDAT chunks to one zlib stream): @x/tensor's,
// which its pickle writer uses.
export { joinBytes } from '@x/tensor';
