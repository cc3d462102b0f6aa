import type { ReactElement, ReactNode } from 'react';
import { EmptyState } from './EmptyState';
import type { IconName } from './Icon';
import { PageHeader } from './PageHeader';

export type PlannedScreenProps = {
  readonly title: string;
  readonly description: string;
  readonly icon: IconName;
  readonly emptyTitle: string;
  /** What the screen will hold once its capability exists. */
  readonly holds: ReactNode;
  /** The feature as people will call it, e.g. "Document intake". */
  readonly feature: string;
  /** What that feature does, in one clause. */
  readonly featureDetail: string;
  /** The capability that delivers it. */
  readonly capability: string;
};

/**
 * A screen whose capability is not built yet. It says what will be here and what fills it, and
 * points at what works today — it never shows sample rows that could be mistaken for data.
 */
export function PlannedScreen(props: PlannedScreenProps): ReactElement {
  return (
    <div className="page">
      <PageHeader title={props.title} description={props.description} />
      <EmptyState
        icon={props.icon}
        title={props.emptyTitle}
        actions={
          <>
            <a className="button" href="#/settings">
              Manage people
            </a>
            <a className="button" href="#/audit">
              Review the audit trail
            </a>
          </>
        }
      >
        <p>{props.holds}</p>
        <p className="empty-state-capability">
          <strong>{props.feature}</strong> — {props.featureDetail} — arrives with the <strong>{props.capability}</strong>{' '}
          capability.
        </p>
        <p className="empty-state-now">
          What you can do now: set up the people who will work in this workspace, and check the audit trail, which
          already records every profile and sign-in.
        </p>
      </EmptyState>
    </div>
  );
}
