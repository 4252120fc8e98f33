import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type PlanStatus = 'draft' | 'active' | 'closed';

@Entity('plan')
export class PlanEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('text') code: string;
  @Column('text') title: string;
  @Column('text', { name: 'document_number', nullable: true }) documentNumber: string | null;
  @Column('date', { name: 'issued_on', nullable: true }) issuedOn: string | null;
  @Column('text') issuer: string;
  @Column('text', { nullable: true }) signer: string | null;
  @Column('text', { name: 'monitoring_agency_code' }) monitoringAgencyCode: string;
  @Column('date', { name: 'horizon_start' }) horizonStart: string;
  @Column('date', { name: 'horizon_end' }) horizonEnd: string;
  @Column('text') status: PlanStatus;
  @Column('jsonb', { name: 'legal_bases' }) legalBases: string[];
  @Column('jsonb') settings: Record<string, unknown>;
  @Column('jsonb') notes: string[];
  @Column('text', { name: 'source_file' }) sourceFile: string;
  @Column('text', { name: 'content_hash' }) contentHash: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
