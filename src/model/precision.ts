/**
 * Storage formats: bytes per parameter (reference domain-math.md §4.1) and
 * parsing of the many names documents and configs use for them.
 */
import type { Precision } from './types.js'

const NOMINAL: Record<Precision, number> = {
  fp32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
  mxfp4: 0.53125, // 4 bits + one E8M0 scale per 32 values = 4.25 bits
  nvfp4: 0.5625, // 4 bits + one UE4M3 scale per 16 values = 4.5 bits
}

/**
 * Accepted [min, max] bytes per parameter, covering scale overheads.
 * - FP8 block-scaled 128×128 (DeepSeek-V3) is 1 + 4/16384 ≈ 1.0002; per-channel
 *   scales add under 1% for any real matrix.
 * - INT4 GPTQ/AWQ with group 128: 0.5 + 2/128 (+ 0.5/128 zero point) ≈ 0.52–0.53.
 * - MXFP4 / NVFP4: documents often write the nominal 0.5 bytes and ignore scales.
 */
const RANGE: Record<Precision, [number, number]> = {
  fp32: [4, 4],
  bf16: [2, 2],
  fp16: [2, 2],
  fp8: [1, 1.01],
  int8: [1, 1.01],
  int4: [0.5, 0.53],
  mxfp4: [0.5, 0.53125],
  nvfp4: [0.5, 0.5625],
}

/** Nominal bytes per parameter of a storage format (reference §4.1). */
export function bytesPerParam(p: Precision): number {
  return NOMINAL[p]
}

/** [min, max] bytes per parameter, scale overheads included. */
export function bytesRange(p: Precision): [number, number] {
  const r = RANGE[p]
  return [r[0], r[1]]
}

/** Bits per parameter, e.g. 4.25 for MXFP4. */
export function bitsPerParam(p: Precision): number {
  return NOMINAL[p] * 8
}

/** True for formats of at most 8 bits (quantized checkpoints). */
export function isQuantized(p: Precision): boolean {
  return NOMINAL[p] <= 1
}

/** Exact spellings after normalisation (lowercase, separators removed). */
const EXACT: Record<string, Precision> = {
  fp32: 'fp32',
  float32: 'fp32',
  f32: 'fp32',
  float: 'fp32',
  full: 'fp32',
  single: 'fp32',
  bf16: 'bf16',
  bfloat16: 'bf16',
  bfloat: 'bf16',
  fp16: 'fp16',
  float16: 'fp16',
  f16: 'fp16',
  half: 'fp16',
  fp8: 'fp8',
  float8: 'fp8',
  e4m3: 'fp8',
  e5m2: 'fp8',
  f8: 'fp8',
  int8: 'int8',
  i8: 'int8',
  w8a8: 'int8',
  w8a16: 'int8',
  smoothquant: 'int8',
  llmint8: 'int8',
  '8bit': 'int8',
  int4: 'int4',
  i4: 'int4',
  w4a16: 'int4',
  w4a8: 'int4',
  awq: 'int4',
  gptq: 'int4',
  '4bit': 'int4',
  q4: 'int4',
  nf4: 'int4',
  // GGUF (llama.cpp) block formats: 8-bit and 4-bit integers with a scale per block.
  q8: 'int8',
  q80: 'int8',
  q40: 'int4',
  q4k: 'int4',
  q4km: 'int4',
  q4ks: 'int4',
  mxfp4: 'mxfp4',
  nvfp4: 'nvfp4',
}

/**
 * Parse a precision name: 'BF16', 'bfloat16', 'torch.bfloat16', 'FP8',
 * 'float8_e4m3fn', 'e4m3', 'INT4', 'AWQ', 'GPTQ', 'GPTQ-Int8', 'W4A16',
 * 'W8A8', 'MXFP4', 'NVFP4', 'FP16', 'half', 'FP32', 'INT8', ...
 *
 * Bare 'FP4' is ambiguous (MXFP4 or NVFP4) and gives undefined.
 */
export function parsePrecision(text: string): Precision | undefined {
  if (typeof text !== 'string') return undefined
  const trimmed = text.trim()
  if (trimmed.length === 0 || trimmed.length > 64) return undefined
  // Lowercase and drop separators: "torch.bfloat16" → "torchbfloat16", "W8A8-FP8" → "w8a8fp8".
  let s = trimmed.toLowerCase().replace(/[\s._\-/()]+/g, '')
  if (s.startsWith('torch')) s = s.slice(5)
  if (s.startsWith('dtype')) s = s.slice(5)
  const exact = EXACT[s]
  if (exact) return exact
  // Compound forms, most specific first.
  if (s.includes('mxfp4')) return 'mxfp4'
  if (s.includes('nvfp4')) return 'nvfp4'
  if (s.includes('fp8') || s.includes('float8') || s.includes('e4m3') || s.includes('e5m2')) return 'fp8'
  if (s.includes('int8') || s.includes('w8a') || s.includes('8bit')) return 'int8'
  if (s.includes('int4') || s.includes('w4a') || s.includes('4bit') || s.includes('awq') || s.includes('gptq')) {
    return 'int4'
  }
  if (s.includes('bf16') || s.includes('bfloat16')) return 'bf16'
  if (s.includes('fp16') || s.includes('float16')) return 'fp16'
  if (s.includes('fp32') || s.includes('float32')) return 'fp32'
  return undefined
}
