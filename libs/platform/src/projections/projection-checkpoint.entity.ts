import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far each projection has read the global log. */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpointEntity {
  @PrimaryColumn('text') name!: string;
  @Column('text') position!: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
