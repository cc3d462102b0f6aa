import type { ReactElement } from 'react';
import { BrandMark } from '../../ui/BrandMark';
import type { Api } from '../../../shared/api';
import type { WorkspaceInfo } from '../../../shared/model';
import { CreateProfileForm } from '../profiles/CreateProfileForm';

const RISKS = [
  {
    title: 'Trade authenticity',
    text: 'Invoices with no real shipment, the same invoice or bill of lading financed twice, volumes beyond what the factory can produce.',
  },
  {
    title: 'Buyer default',
    text: 'Concentration on one buyer, exposure above its credit-insurance limit, tenors that are too long.',
  },
  {
    title: 'Fund flow',
    text: 'Repayments pointed anywhere but the pool’s escrow account.',
  },
] as const;

/** First run: what Quayside is, and the first person of the workspace. */
export function WelcomeScreen({
  api,
  workspace,
  onCreated,
}: {
  readonly api: Api;
  readonly workspace: WorkspaceInfo;
  readonly onCreated: () => void;
}): ReactElement {
  return (
    <main className="welcome">
      <section className="welcome-intro" aria-labelledby="welcome-title">
        <div className="welcome-brand">
          <BrandMark size={22} />
          Quayside
        </div>
        <h1 id="welcome-title" className="welcome-title">
          Welcome to Quayside
        </h1>
        <p className="welcome-lead">
          The offline due-diligence workstation for supply-chain-finance receivable pools. Nothing enters a pool unless
          its invoices and bills of lading are real, consistent, inside the supplier’s capacity and checked on site — and
          every decision can be proven later.
        </p>
        <h2 className="welcome-subtitle">The three risks it exists to catch</h2>
        <ul className="welcome-risks">
          {RISKS.map((risk, index) => (
            <li key={risk.title}>
              <span className="welcome-risk-number" aria-hidden="true">
                {index + 1}
              </span>
              <div>
                <div className="welcome-risk-title">{risk.title}</div>
                <div className="welcome-risk-text">{risk.text}</div>
              </div>
            </li>
          ))}
        </ul>
        <p className="welcome-note">
          Your data stays on this computer in the workspace below; nothing leaves it unless a person exports it. Every
          action is written to a tamper-evident audit trail.
        </p>
        <p className="welcome-path mono" title="Workspace path">
          {workspace.path}
        </p>
      </section>
      <section className="welcome-form card" aria-labelledby="first-profile-title">
        <h2 id="first-profile-title" className="card-title">
          Create the first profile
        </h2>
        <p className="card-lead">
          Each person has a name, a role and a signing key protected by their passphrase. You are signed in as soon as
          the profile exists. Only a <strong>risk officer</strong> can add more people, so choose that role if you set up
          the workspace for a team.
        </p>
        <CreateProfileForm api={api} initialRole="risk_officer" submitLabel="Create profile" onCreated={onCreated} />
      </section>
    </main>
  );
}
