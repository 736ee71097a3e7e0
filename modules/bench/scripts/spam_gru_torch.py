"""The spam GRU in PyTorch, for experiments/README.md "Results on SpamAssassin": the network of
experiments/spam-gru.yaml (first L words of subject and body, a vocabulary of the V most frequent training words
seen 3 times, embedding E, GRU H, dropout on the pooled state and optionally on the embedded words, Adam,
gradients clipped to norm 1, early stopping on validation loss with patience 3) on a stratified 70/15/15 split of
its own per seed, so its figures compare set-ups with each other, not with learnbench's splits.

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread python3 spam_gru_torch.py '{"pool": "max", "edrop": 0.3}'

prints the test accuracy at the best validation epoch for seeds 1-3 and their median.
"""
import csv, gzip, os, re, sys, numpy as np, torch, torch.nn as nn, collections, itertools
torch.set_num_threads(1)
csv.field_size_limit(sys.maxsize)
rows=list(csv.DictReader(gzip.open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../experiments/data/spamassassin.csv.gz"),"rt",encoding="utf-8")))
tok=lambda s: re.findall(r'[a-z0-9]+', str(s).lower())
docs=[tok(r["subject"])+tok(r["body"]) for r in rows]
labels=sorted(set(r["label"] for r in rows)); y=np.array([labels.index(r["label"]) for r in rows])
def run(seed, L=100, V=4000, E=16, H=32, pool='last', drop=0.3, lr=0.003, bs=32, edrop=0.0, cell='gru', epochs=15, wd=0.0):
    rng=np.random.default_rng(seed); idx=[]
    tr,va,te=[],[],[]
    for c in range(len(labels)):
        ii=np.where(y==c)[0]; rng.shuffle(ii); n=len(ii); a=int(0.7*n); b=int(0.85*n)
        tr+=list(ii[:a]); va+=list(ii[a:b]); te+=list(ii[b:])
    cnt=collections.Counter(w for i in tr for w in docs[i][:L] )
    vocab=[w for w,c in sorted(cnt.items(), key=lambda kv:(-kv[1],kv[0])) if c>=3][:V-1]
    wid={w:i+1 for i,w in enumerate(vocab)}
    def enc(ids):
        X=np.zeros((len(ids),L),dtype=np.int64); M=np.zeros((len(ids),L),dtype=bool)
        for k,i in enumerate(ids):
            d=docs[i][:L]
            for t,w in enumerate(d): X[k,t]=wid.get(w,0)+1; M[k,t]=True
        return torch.tensor(X),torch.tensor(M),torch.tensor(y[ids])
    Xtr,Mtr,ytr=enc(tr); Xva,Mva,yva=enc(va); Xte,Mte,yte=enc(te)
    torch.manual_seed(seed)
    emb=nn.Embedding(len(vocab)+2,E,padding_idx=0)
    rnn=(nn.GRU if cell=='gru' else nn.LSTM)(E,H,batch_first=True)
    out=nn.Linear(H,len(labels)); dp=nn.Dropout(drop); edp=nn.Dropout(edrop)
    params=list(emb.parameters())+list(rnn.parameters())+list(out.parameters())
    opt=torch.optim.Adam(params,lr=lr,weight_decay=wd)
    def fwd(X,M,train):
        for m in (emb,rnn,out,dp,edp): m.train(train)
        e=edp(emb(X)); lens=M.sum(1).clamp(min=1)
        packed=nn.utils.rnn.pack_padded_sequence(e,lens,batch_first=True,enforce_sorted=False)
        o,hN=rnn(packed); o,_=nn.utils.rnn.pad_packed_sequence(o,batch_first=True,total_length=L)
        if pool=='last': z=hN[0][0] if cell=='lstm' else hN[0]
        elif pool=='mean': z=(o*M[...,None]).sum(1)/lens[:,None]
        elif pool=='max': z=o.masked_fill(~M[...,None],-1e9).max(1).values
        elif pool=='maxmean': z=torch.cat([o.masked_fill(~M[...,None],-1e9).max(1).values,(o*M[...,None]).sum(1)/lens[:,None]],1)
        return out(dp(z))
    lossf=nn.CrossEntropyLoss(); best=(1e9,None); bad=0
    for ep in range(epochs):
        perm=np.random.default_rng(seed*100+ep).permutation(len(tr))
        for k in range(0,len(tr),bs):
            j=perm[k:k+bs]; opt.zero_grad(); l=lossf(fwd(Xtr[j],Mtr[j],True),ytr[j]); l.backward()
            nn.utils.clip_grad_norm_(params,1.0); opt.step()
        with torch.no_grad():
            vl=lossf(fwd(Xva,Mva,False),yva).item(); ta=(fwd(Xte,Mte,False).argmax(1)==yte).float().mean().item()
        if vl<best[0]: best=(vl,ta,ep); bad=0
        else:
            bad+=1
            if bad>=3: break
    return best
import json
cfg=json.loads(sys.argv[1]) if len(sys.argv)>1 else {}
res=[run(s,**cfg) for s in (1,2,3)]
print(cfg, [round(r[1],4) for r in res], 'median', round(float(np.median([r[1] for r in res])),4), 'epochs', [r[2] for r in res], flush=True)
