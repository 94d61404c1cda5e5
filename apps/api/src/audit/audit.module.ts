import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { AuditedTransactions } from './audited-transactions';

@Global()
@Module({ controllers: [AuditController], providers: [AuditedTransactions, AuditService], exports: [AuditedTransactions] })
export class AuditModule {}
