import { texts } from './texts';

/** DKFDS spinner with a status text a screen reader announces. */
export function Loading({ text = texts.loading }: { text?: string }) {
  return (
    <div className="loading">
      <div className="spinner" aria-hidden="true" />
      <div className="spinner-status" role="status">
        {text}
      </div>
    </div>
  );
}
