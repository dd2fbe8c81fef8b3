/**
 * GPU specifications (reference domain-math.md §6.1 plus vendor datasheets).
 *
 * Kept as a TypeScript module (not data/gpus.json) so that it resolves the
 * same way from src/ under vitest and from dist/ after `npm run build`.
 *
 * Units: memory in GB as sold (1 GB = 1e9 bytes), bandwidth in TB/s (1e12
 * bytes/s), compute in dense TFLOPS (without 2:4 sparsity; vendor headline
 * tables often print the sparse figure, which is 2×).
 *
 * `confidence`: 'datasheet' = vendor datasheet figure; 'derived' = computed
 * from a vendor system spec (e.g. an 8-GPU or 72-GPU system ÷ GPUs, sparse
 * ÷ 2); 'reported' = no public datasheet, widely reported figure.
 */

export interface GpuSpec {
  /** Stable key (Hardware.gpuType). */
  id: string
  /** Names a document may use; matched case-insensitively, separators (space, -, _) equivalent. */
  aliases: string[]
  vendor: 'NVIDIA' | 'AMD'
  /** Memory per GPU as sold, in GB (1e9 bytes). */
  memoryGB: number
  memoryType: string
  /** HBM/GDDR bandwidth per GPU, TB/s. */
  hbmTBps: number
  /** Dense BF16 tensor TFLOPS. */
  bf16Tflops: number
  /** Dense FP8 tensor TFLOPS; null when the GPU has no FP8 tensor cores. */
  fp8Tflops: number | null
  /** Where the figures come from. */
  source: string
  confidence: 'datasheet' | 'derived' | 'reported'
}

export const GPU_TABLE: readonly GpuSpec[] = [
  {
    id: 'H100-SXM',
    aliases: ['H100', 'H100 SXM', 'H100 SXM5', 'H100 SXM 80GB', 'H100 SXM5 80GB', 'H100 80GB', 'H100 80GB HBM3', 'HGX H100', 'DGX H100'],
    vendor: 'NVIDIA',
    memoryGB: 80,
    memoryType: 'HBM3',
    hbmTBps: 3.35,
    bf16Tflops: 989,
    fp8Tflops: 1979,
    source:
      'NVIDIA H100 Tensor Core GPU datasheet (SXM: 80 GB, 3.35 TB/s, BF16 1,979 / FP8 3,958 TFLOPS with sparsity); aiconfigurator systems/h100_sxm.yaml (989/1978 TF, 3350 GB/s)',
    confidence: 'datasheet',
  },
  {
    id: 'H100-PCIe',
    aliases: ['H100 PCIe', 'H100 PCIe 80GB', 'H100 80GB PCIe'],
    vendor: 'NVIDIA',
    memoryGB: 80,
    memoryType: 'HBM2e',
    hbmTBps: 2.0,
    bf16Tflops: 756,
    fp8Tflops: 1513,
    source: 'NVIDIA H100 Tensor Core GPU datasheet (PCIe: 80 GB, 2 TB/s, BF16 1,513 / FP8 3,026 TFLOPS with sparsity)',
    confidence: 'datasheet',
  },
  {
    id: 'H100-NVL',
    aliases: ['H100 NVL', 'H100 NVL 94GB', 'H100 94GB'],
    vendor: 'NVIDIA',
    memoryGB: 94,
    memoryType: 'HBM3',
    hbmTBps: 3.9,
    bf16Tflops: 835,
    fp8Tflops: 1670,
    source: 'NVIDIA H100 Tensor Core GPU datasheet (NVL: 94 GB, 3.9 TB/s, BF16 1,671 / FP8 3,341 TFLOPS with sparsity)',
    confidence: 'datasheet',
  },
  {
    id: 'H200',
    aliases: ['H200', 'H200 SXM', 'H200 141GB', 'H200 SXM 141GB', 'HGX H200', 'DGX H200'],
    vendor: 'NVIDIA',
    memoryGB: 141,
    memoryType: 'HBM3e',
    hbmTBps: 4.8,
    bf16Tflops: 989,
    fp8Tflops: 1979,
    source: 'NVIDIA H200 Tensor Core GPU datasheet (SXM: 141 GB, 4.8 TB/s, BF16 1,979 / FP8 3,958 TFLOPS with sparsity); aiconfigurator h200_sxm.yaml',
    confidence: 'datasheet',
  },
  {
    id: 'H200-NVL',
    aliases: ['H200 NVL'],
    vendor: 'NVIDIA',
    memoryGB: 141,
    memoryType: 'HBM3e',
    hbmTBps: 4.8,
    bf16Tflops: 835,
    fp8Tflops: 1670,
    source: 'NVIDIA H200 Tensor Core GPU datasheet (NVL: 141 GB, 4.8 TB/s, BF16 1,671 / FP8 3,341 TFLOPS with sparsity)',
    confidence: 'datasheet',
  },
  {
    id: 'H20',
    aliases: ['H20', 'H20 96GB', 'HGX H20'],
    vendor: 'NVIDIA',
    memoryGB: 96,
    memoryType: 'HBM3',
    hbmTBps: 4.0,
    bf16Tflops: 148,
    fp8Tflops: 296,
    source: 'NVIDIA HGX H20 product brief as widely reported (96 GB HBM3, 4.0 TB/s, FP8 296 / BF16 148 TFLOPS dense); no public datasheet',
    confidence: 'reported',
  },
  {
    id: 'H800',
    aliases: ['H800', 'H800 SXM', 'H800 SXM5', 'H800 80GB'],
    vendor: 'NVIDIA',
    memoryGB: 80,
    memoryType: 'HBM3',
    hbmTBps: 3.35,
    bf16Tflops: 989,
    fp8Tflops: 1979,
    source: 'NVIDIA H800 SXM5 datasheet: compute and memory as H100 SXM, NVLink limited to 400 GB/s',
    confidence: 'datasheet',
  },
  {
    id: 'A100-40GB',
    aliases: ['A100 40GB', 'A100 SXM4 40GB', 'A100 40GB SXM', 'A100 40GB PCIe', 'A100 PCIe 40GB'],
    vendor: 'NVIDIA',
    memoryGB: 40,
    memoryType: 'HBM2',
    hbmTBps: 1.555,
    bf16Tflops: 312,
    fp8Tflops: null,
    source: 'NVIDIA A100 Tensor Core GPU datasheet (40 GB HBM2, 1,555 GB/s, BF16 312 / 624 TFLOPS with sparsity; no FP8)',
    confidence: 'datasheet',
  },
  {
    id: 'A100-80GB',
    aliases: ['A100', 'A100 80GB', 'A100 SXM', 'A100 SXM4', 'A100 SXM4 80GB', 'A100 80GB SXM', 'A100 80GB HBM2e', 'DGX A100', 'HGX A100'],
    vendor: 'NVIDIA',
    memoryGB: 80,
    memoryType: 'HBM2e',
    hbmTBps: 2.039,
    bf16Tflops: 312,
    fp8Tflops: null,
    source:
      'NVIDIA A100 Tensor Core GPU datasheet (80 GB SXM: 2,039 GB/s, BF16 312 / 624 TFLOPS with sparsity; no FP8); aiconfigurator a100_sxm.yaml; llm-analysis a100-sxm-80gb.json',
    confidence: 'datasheet',
  },
  {
    id: 'A100-80GB-PCIe',
    aliases: ['A100 PCIe', 'A100 80GB PCIe', 'A100 PCIe 80GB'],
    vendor: 'NVIDIA',
    memoryGB: 80,
    memoryType: 'HBM2e',
    hbmTBps: 1.935,
    bf16Tflops: 312,
    fp8Tflops: null,
    source: 'NVIDIA A100 Tensor Core GPU datasheet (80 GB PCIe: 1,935 GB/s, BF16 312 TFLOPS dense)',
    confidence: 'datasheet',
  },
  {
    id: 'B200',
    aliases: ['B200', 'HGX B200', 'DGX B200', 'B200 SXM', 'B200 180GB'],
    vendor: 'NVIDIA',
    memoryGB: 180,
    memoryType: 'HBM3e',
    hbmTBps: 7.7,
    bf16Tflops: 2250,
    fp8Tflops: 4500,
    source:
      'NVIDIA HGX/DGX B200 spec (1,440 GB HBM3e per 8 GPUs; BF16 4.5 / FP8 9 PFLOPS per GPU with sparsity); aiconfigurator b200_sxm.yaml (7.7 TB/s; early specs 8 TB/s, 192 GB at announcement)',
    confidence: 'derived',
  },
  {
    id: 'GB200',
    aliases: ['GB200', 'GB200 NVL72', 'GB200 NVL', 'GB200 Superchip'],
    vendor: 'NVIDIA',
    memoryGB: 186,
    memoryType: 'HBM3e',
    hbmTBps: 8.0,
    bf16Tflops: 2500,
    fp8Tflops: 5000,
    source:
      'NVIDIA GB200 NVL72 spec per Blackwell GPU (rack ÷ 72: 13.4 TB HBM3e → 186 GB, 576 TB/s → 8 TB/s; BF16 360 / FP8 720 PFLOPS with sparsity → 2.5 / 5 PFLOPS dense)',
    confidence: 'derived',
  },
  {
    id: 'B300',
    aliases: ['B300', 'HGX B300', 'DGX B300'],
    vendor: 'NVIDIA',
    memoryGB: 288,
    memoryType: 'HBM3e',
    hbmTBps: 8.0,
    bf16Tflops: 2250,
    fp8Tflops: 4500,
    source:
      'NVIDIA HGX B300 spec (2.3 TB HBM3e per 8 GPUs → 288 GB); BF16/FP8 dense as B200 (Blackwell Ultra raises FP4, not FP8/BF16); bandwidth 8 TB/s as reported',
    confidence: 'reported',
  },
  {
    id: 'GB300',
    aliases: ['GB300', 'GB300 NVL72'],
    vendor: 'NVIDIA',
    memoryGB: 288,
    memoryType: 'HBM3e',
    hbmTBps: 8.0,
    bf16Tflops: 2500,
    fp8Tflops: 5000,
    source:
      'NVIDIA GB300 NVL72 spec per GPU (288 GB HBM3e per Blackwell Ultra GPU, 576 TB/s ÷ 72 = 8 TB/s; BF16/FP8 as GB200) as reported',
    confidence: 'reported',
  },
  {
    id: 'MI300X',
    aliases: ['MI300X', 'MI300', 'Instinct MI300X', 'AMD MI300X'],
    vendor: 'AMD',
    memoryGB: 192,
    memoryType: 'HBM3',
    hbmTBps: 5.3,
    bf16Tflops: 1307.4,
    fp8Tflops: 2614.9,
    source: 'AMD Instinct MI300X datasheet (192 GB HBM3, 5.3 TB/s, BF16 1,307.4 / 2,614.9 sparse, FP8 2,614.9 / 5,229.8 sparse)',
    confidence: 'datasheet',
  },
  {
    id: 'MI325X',
    aliases: ['MI325X', 'Instinct MI325X', 'AMD MI325X'],
    vendor: 'AMD',
    memoryGB: 256,
    memoryType: 'HBM3e',
    hbmTBps: 6.0,
    bf16Tflops: 1307.4,
    fp8Tflops: 2614.9,
    source: 'AMD Instinct MI325X datasheet (256 GB HBM3E, 6 TB/s; compute as MI300X: BF16 1,307.4, FP8 2,614.9 dense)',
    confidence: 'datasheet',
  },
  {
    id: 'L40S',
    aliases: ['L40S', 'L40S 48GB'],
    vendor: 'NVIDIA',
    memoryGB: 48,
    memoryType: 'GDDR6',
    hbmTBps: 0.864,
    bf16Tflops: 362.05,
    fp8Tflops: 733,
    source: 'NVIDIA L40S datasheet (48 GB GDDR6, 864 GB/s, BF16 362.05 / 733 sparse, FP8 733 / 1,466 sparse)',
    confidence: 'datasheet',
  },
  {
    id: 'L40',
    aliases: ['L40', 'L40 48GB'],
    vendor: 'NVIDIA',
    memoryGB: 48,
    memoryType: 'GDDR6',
    hbmTBps: 0.864,
    bf16Tflops: 181.05,
    fp8Tflops: 362,
    source: 'NVIDIA L40 datasheet (48 GB GDDR6, 864 GB/s, BF16 181.05 / 362.1 sparse, FP8 362 / 724 sparse)',
    confidence: 'datasheet',
  },
  {
    id: 'A10G',
    aliases: ['A10G', 'A10G 24GB'],
    vendor: 'NVIDIA',
    memoryGB: 24,
    memoryType: 'GDDR6',
    hbmTBps: 0.6,
    bf16Tflops: 70,
    fp8Tflops: null,
    source: 'AWS EC2 G5 (A10G): 24 GB GDDR6, 600 GB/s; ~70 TFLOPS dense FP16/BF16 tensor as widely reported (no NVIDIA datasheet for this variant)',
    confidence: 'reported',
  },
  {
    id: 'A10',
    aliases: ['A10', 'A10 24GB'],
    vendor: 'NVIDIA',
    memoryGB: 24,
    memoryType: 'GDDR6',
    hbmTBps: 0.6,
    bf16Tflops: 125,
    fp8Tflops: null,
    source: 'NVIDIA A10 datasheet (24 GB GDDR6, 600 GB/s, BF16 125 / 250 TFLOPS with sparsity)',
    confidence: 'datasheet',
  },
  {
    id: 'L4',
    aliases: ['L4', 'L4 24GB'],
    vendor: 'NVIDIA',
    memoryGB: 24,
    memoryType: 'GDDR6',
    hbmTBps: 0.3,
    bf16Tflops: 121,
    fp8Tflops: 242.5,
    source: 'NVIDIA L4 datasheet (24 GB GDDR6, 300 GB/s, BF16 242 / FP8 485 TFLOPS with sparsity)',
    confidence: 'datasheet',
  },
]
