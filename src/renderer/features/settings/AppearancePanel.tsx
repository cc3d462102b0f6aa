import type { ReactElement } from 'react';
import { MOD_LABEL } from '../../app/screens';
import { useWorkstation } from '../../app/workstation';
import { THEME_LABELS, THEME_PREFERENCES } from '../../theme/theme';

/** Theme choice: follow the OS, or always light or dark; remembered on this computer. */
export function AppearancePanel(): ReactElement {
  const { theme } = useWorkstation();
  return (
    <section className="card" aria-labelledby="appearance-panel-title">
      <h2 id="appearance-panel-title" className="card-title">
        Appearance
      </h2>
      <fieldset className="fieldset">
        <legend className="field-label">Theme</legend>
        <div className="segmented" role="radiogroup" aria-label="Theme">
          {THEME_PREFERENCES.map((option) => (
            <label key={option} className={`segmented-option${theme.preference === option ? ' is-selected' : ''}`}>
              <input
                type="radio"
                name="theme"
                value={option}
                checked={theme.preference === option}
                onChange={() => theme.setPreference(option)}
              />
              {THEME_LABELS[option]}
            </label>
          ))}
        </div>
        <p className="field-hint">
          {theme.preference === 'system'
            ? `Following your system, currently ${theme.theme}.`
            : `Always ${theme.preference}.`}{' '}
          Toggle with {MOD_LABEL}+Shift+L.
        </p>
      </fieldset>
    </section>
  );
}
