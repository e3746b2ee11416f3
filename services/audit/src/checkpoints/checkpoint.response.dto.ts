import { IsIn, IsISO8601, IsString } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { Nullable } from '@accord/contracts';
import { SEAL_SIGNATURE_ALGORITHMS, type SealSignatureAlgorithm } from '@accord/event-store';
import { CHECKPOINT_FORMAT, LEGACY_CHECKPOINT_FORMAT, type ExportedCheckpoint } from './checkpoint';

/** A signed seal checkpoint, as `npm run audit -- verify --checkpoint file.json` reads it. */
export class CheckpointResponse implements ExportedCheckpoint {
  @IsIn([CHECKPOINT_FORMAT, LEGACY_CHECKPOINT_FORMAT])
  readonly format!: typeof CHECKPOINT_FORMAT | typeof LEGACY_CHECKPOINT_FORMAT;

  @JSONSchema({
    description: 'Events sealed up to and including this link (a decimal string: it may pass 2^53).',
    example: '1042',
  })
  @IsString()
  readonly sealSeq!: string;

  @JSONSchema({ description: 'The seal chain’s hash at this link (hex).' })
  @IsString()
  readonly sealHash!: string;
  @JSONSchema({ description: 'The log position the seal reached.' })
  @IsString()
  readonly globalPosition!: string;
  @JSONSchema({ description: 'When the sealer wrote it (not signed).' })
  @IsISO8601()
  readonly createdAt!: string;

  @Nullable({ description: 'Null when unsigned (the sealer had no signing key).' })
  @IsIn(SEAL_SIGNATURE_ALGORITHMS)
  readonly algorithm!: SealSignatureAlgorithm | null;

  @Nullable({ description: 'First 16 hex digits of SHA-256 over the signing key’s public key (SPKI DER).' })
  @IsString()
  readonly keyId!: string | null;

  @Nullable({
    description:
      'The signer’s public key (SPKI PEM), for convenience only: check the signature with the public key you kept.',
  })
  @IsString()
  readonly publicKey!: string | null;

  @JSONSchema({ description: 'Exactly what was signed.' }) @IsString() readonly signedMessage!: string;

  @Nullable({ description: 'base64; null when unsigned.' })
  @IsString()
  readonly signature!: string | null;
}
