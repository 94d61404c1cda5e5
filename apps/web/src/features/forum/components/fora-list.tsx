import { Link } from 'react-router';
import { Page } from '../../../components/page';
import { texts } from '../texts';
import '../forum.css';

/** /fora for a coordinator of several fora (or none): each forum links to its overview. */
export function ForaList({ fora }: { fora: readonly { id: string; name: string }[] }) {
  const t = texts.fora;
  return (
    <Page title={t.title}>
      {fora.length === 0 ? (
        <p className="empty-state">{t.none}</p>
      ) : (
        <>
          <p>{t.intro}</p>
          <ul className="forum-list">
            {[...fora]
              .sort((a, b) => a.name.localeCompare(b.name, 'da'))
              .map((f) => (
                <li key={f.id}>
                  <Link to={`/fora/${f.id}`}>{f.name}</Link>
                </li>
              ))}
          </ul>
        </>
      )}
    </Page>
  );
}
