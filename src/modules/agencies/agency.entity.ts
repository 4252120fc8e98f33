import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity('agency')
export class AgencyEntity {
  @PrimaryColumn('text') code: string;
  @Column('text') name: string;
  @Column('text', { name: 'short_name', nullable: true }) shortName: string | null;
  @Column('text') kind: string;
  @Column('text') level: 'city' | 'commune';
  @Column('text', { name: 'official_code', nullable: true }) officialCode: string | null;
  @Column('text', { name: 'unit_name', nullable: true }) unitName: string | null;
  @Column('text', { name: 'unit_type', nullable: true }) unitType: 'xa' | 'phuong' | 'dac_khu' | null;
  @Column('text') confirmation: 'official' | 'to_be_confirmed';
  @Column('text', { name: 'source_file' }) sourceFile: string;
  @Column('timestamptz', { name: 'retired_at', nullable: true }) retiredAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
