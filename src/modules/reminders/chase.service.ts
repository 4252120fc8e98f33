import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type ActingUser } from '../../common/acting-user';
import { type Clock, CLOCK, vietnamDate } from '../../common/clock';
import { DomainError } from '../../common/domain-error';
import { AuditService } from '../audit/audit.service';
import { WorkingCalendarProvider } from '../scheduling/working-calendar.provider';
import { assertMonitor, visibleTask } from '../tasks/task-access';
import { reminderServiceMessages as say } from './reminder-service.messages';
import { TaskNotificationsService } from './task-notifications.service';

/**
 * "Đôn đốc": Sở Nội vụ sends a reminder now, outside the ladder, to the focal points of a task
 * still waiting for its deliverable — the same Vietnamese mail the ladder would send that day
 * (ahead of the due date, on it, or late by N working days). At most one per task and minute.
 */
@Injectable()
export class ChaseService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly notifications: TaskNotificationsService,
    private readonly audit: AuditService,
    private readonly calendars: WorkingCalendarProvider,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async chase(user: ActingUser, id: string): Promise<{ queued: number }> {
    const task = await visibleTask(this.db, user, id);
    assertMonitor(user);
    if (task.status !== 'open' && task.status !== 'returned') throw new DomainError('TRANSITION_REFUSED', say.nothingToChase);
    const now = this.clock.now();
    const today = vietnamDate(now);
    const calendar = await this.calendars.forYears(Math.min(Number(today.slice(0, 4)), Number(task.dueDate.slice(0, 4))), Math.max(Number(today.slice(0, 4)), Number(task.dueDate.slice(0, 4))));
    const minute = now.toISOString().slice(0, 16);
    return this.db.transaction(async (tx) => {
      let queued: number;
      if (task.dueDate < today) {
        queued = await this.notifications.enqueue(tx, 'late', id, `chase:${minute}`, { daysLate: calendar.workingDaysBetween(task.dueDate, today) });
      } else if (task.dueDate === today) {
        queued = await this.notifications.enqueue(tx, 'due-today', id, `chase:${minute}`, {});
      } else {
        queued = await this.notifications.enqueue(tx, 'upcoming', id, `chase:${minute}`, { daysLeft: Math.max(1, calendar.workingDaysBetween(today, task.dueDate)) });
      }
      if (queued === 0) throw new DomainError('VALIDATION_FAILED', say.noFocalPoint(task.agencyName));
      await this.audit.record(tx, {
        actor: user.id,
        action: 'task.chase',
        at: now,
        planId: task.planId,
        instanceId: id,
        agencyCode: task.agencyCode,
        subjectType: 'instance',
        subjectId: id,
        after: { mails: queued },
      });
      return { queued };
    });
  }
}
