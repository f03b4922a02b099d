/**
 * A 64-bit state hash as two 32-bit FNV-1a-style lanes over the raw bytes of typed arrays.
 * Raw bits, not printed numbers: two states hash alike only if they are bit-identical.
 */
export class StateHasher {
  #a = 0x811c9dc5;
  #b = 0x01000193 ^ 0x5bd1e995;

  /** Mixes one uint32. */
  word(value: number): this {
    const v = value >>> 0;
    this.#a = Math.imul(this.#a ^ v, 0x01000193) >>> 0;
    this.#b = Math.imul(this.#b ^ ((v << 13) | (v >>> 19)), 0x5bd1e995) >>> 0;
    this.#b ^= this.#b >>> 15;
    return this;
  }

  /** Mixes every element's bits of a typed array. */
  array(values: Float64Array | Int32Array | Uint8Array | Uint32Array): this {
    if (values instanceof Uint8Array) {
      for (let i = 0; i < values.length; i++) this.word(values[i]!);
      return this.word(values.length);
    }
    const words = new Uint32Array(values.buffer, values.byteOffset, values.byteLength >>> 2);
    for (let i = 0; i < words.length; i++) this.word(words[i]!);
    return this.word(words.length);
  }

  /** Mixes a float's bits. */
  float(value: number): this {
    scratch[0] = value;
    return this.word(scratchWords[0]!).word(scratchWords[1]!);
  }

  /** 16 hex digits. */
  digest(): string {
    return (
      (this.#a >>> 0).toString(16).padStart(8, '0') + (this.#b >>> 0).toString(16).padStart(8, '0')
    );
  }
}

const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
