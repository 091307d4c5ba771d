import express from 'express';

// Baseline 1: Express with a JSON body parser and nothing else.
const app = express();
app.use(express.json());
app.post('/api/pos/redemptions', (req, res) => {
  res.status(201).json({ ok: true, code: (req.body as { code?: string }).code ?? null });
});
app.post('/api/pos/validations', (req, res) => {
  res.json({ ok: true, code: (req.body as { code?: string }).code ?? null });
});
app.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
